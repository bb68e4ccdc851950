import type { MediaWorker } from '../media/MediaWorker.js';
import { HostPipeError } from '../media/HostPipeError.js';
import type { HostPipes } from '../media/HostPipes.js';
import { SfuError, type Caller, type ExportedChannel, type ExportedTrack, type Logger, type RemoteTracks } from '../service/index.js';
import type { SubscribedChannel } from '../service/dataChannels/channels.js';
import type { RemoteChannel } from '../service/dataChannels/operations.js';
import type { PullClaim } from '../service/negotiation/claims.js';
import type { PullTarget } from '../service/tracks/planTracks.js';
import type { InstanceInfo, Instances } from './Instances.js';
import type { InternalRpc } from './InternalRpc.js';
import type { SessionDirectory } from './SessionDirectory.js';
import { storeError } from './storeError.js';
import { toWire } from './wireCaller.js';

/**
 * Pulls of tracks that sessions of other instances publish: the owner checks the pull as it
 * would its own (visibility, media) and exports the producer; HostPipes brings it onto the
 * subscriber's router over a PipeTransport, shared by every puller of that router and released
 * with the last of them.
 */
export class RemotePulls implements RemoteTracks {
  constructor(
    private readonly deps: { self: string; directory: SessionDirectory; instances: Instances; rpc: InternalRpc; pipes: HostPipes; log: Logger },
  ) {}

  async resolvePull(caller: Caller, target: PullTarget, worker: MediaWorker): Promise<PullClaim | undefined> {
    const record = await storeError(() => this.deps.directory.find(target.sessionId));
    if (!record || record.owner === this.deps.self) return undefined;
    const owner = await this.#owner(record.owner, target);
    const exported = await this.deps.rpc.call<ExportedTrack>(owner, 'exportTrack', [toWire(caller), target]);
    const lease = await this.deps.pipes.importProducer({ fromInstance: owner.id, producerId: exported.producerId, router: worker.router }).catch((error: unknown) => {
      throw pipeError(error, target);
    });
    return {
      source: { producer: lease.producer, trackName: exported.trackName, kind: exported.kind, rids: exported.rids },
      publisherSessionId: target.sessionId,
      ...(target.simulcast !== undefined ? { simulcast: target.simulcast } : {}),
      // A lease's release is idempotent, as a claim's must be.
      release: () => lease.release(),
    };
  }

  /** The publisher's instance; one without a heartbeat (lost, or slow to reach the store again) cannot pipe now. */
  async #owner(id: string, target: PullTarget): Promise<InstanceInfo> {
    const owner = await storeError(() => this.deps.instances.get(id));
    if (!owner) throw new SfuError('temporarily_unavailable_error', `the instance serving session ${target.sessionId} is not answering: try again shortly`);
    return owner;
  }

  async resolveChannel(caller: Caller, publisherSessionId: string, name: string, worker: MediaWorker): Promise<RemoteChannel | undefined> {
    const record = await storeError(() => this.deps.directory.find(publisherSessionId));
    if (!record || record.owner === this.deps.self) return undefined;
    const owner = await this.#owner(record.owner, { sessionId: publisherSessionId, trackName: name });
    const exported = await this.deps.rpc.call<ExportedChannel>(owner, 'exportChannel', [toWire(caller), publisherSessionId, name]);
    const target = { sessionId: publisherSessionId, trackName: name };
    const lease = await this.deps.pipes.importDataProducer({ fromInstance: owner.id, dataProducerId: exported.dataProducerId, router: worker.router }).catch((error: unknown) => {
      throw pipeError(error, target);
    });
    const rpc = this.deps.rpc;
    const log = this.deps.log;
    let holder: SubscribedChannel | undefined;
    return {
      source: {
        name,
        delivery: exported.delivery,
        producer: lease.producer,
        get replyHolder() {
          return holder;
        },
        grantReply: (subscription) => (holder = subscription),
        revokeReply: (subscription) => {
          if (holder === subscription) holder = undefined;
        },
        // The publisher is on its owner: each reply travels there as an internal call.
        reply: (message, ppid) => {
          rpc.call(owner, 'channelReply', [toWire(caller), publisherSessionId, name, message.toString('base64'), ppid]).catch((error: unknown) => {
            log.warn('a DataChannel reply could not reach its publisher', { sessionId: publisherSessionId, dataChannelName: name, error: (error as Error).message });
          });
        },
      },
      release: () => lease.release(),
    };
  }
}

/** A pipe that could not be made, as the contract's item error: the track went away, or its instance cannot be reached now. */
function pipeError(error: unknown, target: PullTarget): unknown {
  if (!(error instanceof HostPipeError)) return error;
  if (error.code === 'not_found') return new SfuError('not_found_track_error', `session ${target.sessionId} publishes no track named "${target.trackName}"`);
  return new SfuError('temporarily_unavailable_error', `track "${target.trackName}" of session ${target.sessionId} cannot be piped from its instance now (${error.message}): try again`);
}
