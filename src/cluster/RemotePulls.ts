import type { MediaWorker } from '../media/MediaWorker.js';
import { HostPipeError } from '../media/HostPipeError.js';
import type { HostPipes } from '../media/HostPipes.js';
import { SfuError, type Caller, type ExportedTrack, type RemoteTracks } from '../service/index.js';
import type { PullClaim } from '../service/negotiation/claims.js';
import type { PullTarget } from '../service/tracks/planTracks.js';
import type { Instances } from './Instances.js';
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
    private readonly deps: { self: string; directory: SessionDirectory; instances: Instances; rpc: InternalRpc; pipes: HostPipes },
  ) {}

  async resolvePull(caller: Caller, target: PullTarget, worker: MediaWorker): Promise<PullClaim | undefined> {
    const record = await storeError(() => this.deps.directory.find(target.sessionId));
    if (!record || record.owner === this.deps.self) return undefined;
    const owner = await storeError(() => this.deps.instances.get(record.owner));
    if (!owner) return undefined;
    const exported = await this.deps.rpc.call<ExportedTrack>(owner, 'exportTrack', [toWire(caller), target]);
    const lease = await this.deps.pipes.importProducer({ fromInstance: owner.id, producerId: exported.producerId, router: worker.router }).catch((error: unknown) => {
      throw pipeError(error, target);
    });
    let released = false;
    return {
      source: { producer: lease.producer, trackName: exported.trackName, kind: exported.kind, rids: exported.rids },
      publisherSessionId: target.sessionId,
      ...(target.simulcast !== undefined ? { simulcast: target.simulcast } : {}),
      release: () => {
        if (released) return;
        released = true;
        lease.release();
      },
    };
  }
}

/** A pipe that could not be made, as the contract's item error: the track went away, or its instance cannot be reached now. */
function pipeError(error: unknown, target: PullTarget): unknown {
  if (!(error instanceof HostPipeError)) return error;
  if (error.code === 'not_found') return new SfuError('not_found_track_error', `session ${target.sessionId} publishes no track named "${target.trackName}"`);
  return new SfuError('temporarily_unavailable_error', `track "${target.trackName}" of session ${target.sessionId} cannot be piped from its instance now (${error.message}): try again`);
}
