import type { WorkerPool } from '../../media/WorkerPool.js';
import type { RemoteDescription } from '../../sdp/index.js';
import { PublishedChannel, serverEventsName, SubscribedChannel } from './channels.js';
import { SfuError } from '../errors.js';
import { answerClientOffer } from '../negotiation/answerOffer.js';
import { hasDataSection, offerDataSection } from '../negotiation/dataSection.js';
import type { Session } from '../session/Session.js';
import type { ChannelSource } from './channels.js';
import type {
  DataChannelDelivery,
  DataChannelRequest,
  DataChannelResult,
  EstablishDataChannelsResult,
  NegotiationResult,
} from '../types.js';

/** A channel another instance's session publishes, piped onto this session's router. */
export interface RemoteChannel {
  source: ChannelSource;
  /** Gives the pipe back once nothing consumes it (safe to call twice). */
  release(): void;
}

/** What `datachannels/new` needs beyond the session it runs on. */
export interface DataChannelContext {
  /** An open session of the same app, by id. */
  findSession: (sessionId: string) => Session | undefined;
  /** A channel of a session of another instance (cluster mode); undefined when none has the session. */
  remoteChannel?: (publisherSessionId: string, name: string, worker: Session['worker']) => Promise<RemoteChannel | undefined>;
  pool: WorkerPool;
  /** How long a waitForAck subscription waits for its acknowledgment. */
  ackTimeoutMs: number;
}

/** `establish` may only pull the reserved server-events channel; anything else is refused whole. */
export function checkEstablishRequest(channel: DataChannelRequest | undefined): void {
  if (channel === undefined) return;
  if (channel.location !== 'remote' || channel.dataChannelName !== serverEventsName) {
    throw new SfuError(
      'invalid_params',
      `datachannels/establish only pulls {"location": "remote", "dataChannelName": "${serverEventsName}"}; publish and pull application channels with datachannels/new`,
    );
  }
}

/**
 * Gets SCTP negotiated and opens server-events. With the client's offer (it must carry an
 * m=application section) the answer comes back; without one, a session that has no data section
 * gets an SFU offer adding it (answer through renegotiate); one that has it needs no SDP at all.
 */
export async function establishDataChannels(session: Session, remote: RemoteDescription | undefined): Promise<EstablishDataChannelsResult> {
  let negotiation: NegotiationResult = { requiresImmediateRenegotiation: false };
  let offered = false;
  if (remote) {
    if (!remote.sections.some((s) => s.kind === 'application' && !s.rejected)) {
      throw new SfuError('invalid_session_description', 'the offer has no m=application section: add a DataChannel before creating it, or send no offer to get the SFU offer');
    }
    const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
    negotiation = { sessionDescription: answer, requiresImmediateRenegotiation: false };
  } else if (!hasDataSection(session)) {
    negotiation = { sessionDescription: offerDataSection(session), requiresImmediateRenegotiation: true };
    offered = true;
  }
  const channel = await session.dataChannels.openServerEvents(offered);
  return { ...negotiation, dataChannel: channel.result() };
}

/** Publishes and pulls channels; each item gets its id or its own error. */
export async function newDataChannels(session: Session, items: DataChannelRequest[], context: DataChannelContext): Promise<DataChannelResult[]> {
  const transportReady = hasDataSection(session);
  const results: DataChannelResult[] = [];
  // One after another, so two items naming the same channel see each other.
  for (const item of items) {
    try {
      const checked = checkNewItem(item);
      if (!transportReady) {
        throw new SfuError(
          'invalid_params',
          'this session has no DataChannel transport: call datachannels/establish first (or offer an m=application section)',
        );
      }
      const channel = checked.location === 'local' ? await publish(session, checked.name, item) : await subscribe(session, checked, item, context);
      results.push(channel.result());
    } catch (error) {
      results.push({ ...echo(item), ...session.itemError(error) });
    }
  }
  return results;
}

/** Grants or revokes canReply on this session's subscriptions. */
export function updateDataChannels(session: Session, items: DataChannelRequest[]): DataChannelResult[] {
  return items.map((item) => {
    try {
      if (item.location !== 'remote' || !item.sessionId || !item.dataChannelName) {
        throw new SfuError('invalid_params', 'an update names a pulled channel: location "remote", the publisher sessionId and dataChannelName');
      }
      if (item.canReply === undefined) throw new SfuError('invalid_params', 'an update sets canReply (true or false); nothing else can change');
      const subscription = session.dataChannels.subscription(item.sessionId, item.dataChannelName);
      if (!subscription) {
        throw new SfuError('update_track_error', `this session pulls no open DataChannel "${item.dataChannelName}" of session ${item.sessionId}`);
      }
      subscription.canReply = item.canReply;
      return { ...subscription.result(), canReply: subscription.canReply };
    } catch (error) {
      return { ...echo(item), ...session.itemError(error) };
    }
  });
}

/** Closes channels of this session by id: a publication ends every subscription of it. */
export function closeDataChannels(session: Session, ids: number[]): DataChannelResult[] {
  return ids.map((id) => {
    const channel = session.dataChannels.byId(id);
    if (!channel) return { id, errorCode: 'close_track_error' as const, errorDescription: `no open DataChannel has id ${id} in this session` };
    const result = channel.result();
    channel.close();
    return result;
  });
}

async function publish(session: Session, name: string, item: DataChannelRequest): Promise<PublishedChannel> {
  if (session.dataChannels.published(name)) {
    throw new SfuError('repeated_local_track_error', `this session already publishes a DataChannel named "${name}"`);
  }
  return session.dataChannels.publish(name, deliveryOf(item));
}

async function subscribe(
  session: Session,
  { name, publisherSessionId }: { name: string; publisherSessionId: string },
  item: DataChannelRequest,
  context: DataChannelContext,
): Promise<SubscribedChannel> {
  if (session.dataChannels.subscription(publisherSessionId, name)) {
    throw new SfuError('invalid_params', `this session already pulls DataChannel "${name}" of session ${publisherSessionId}: close it first`);
  }
  const publisher = context.findSession(publisherSessionId);
  const local = publisher?.dataChannels.published(name);
  const remote = !publisher && context.remoteChannel ? await context.remoteChannel(publisherSessionId, name, session.worker) : undefined;
  const source = local ?? remote?.source;
  if (!source) {
    throw new SfuError('not_found_track_error', `session ${publisherSessionId} publishes no DataChannel named "${name}"`);
  }
  try {
    const wanted = deliveryOf(item);
    if (!sameDelivery(wanted, source.delivery)) {
      throw new SfuError(
        'invalid_params',
        `a subscriber must mirror the publisher's delivery policy ${JSON.stringify(source.delivery)}, got ${JSON.stringify(wanted)}`,
      );
    }
    if (publisher && local) await context.pool.reach(local.producer, publisher.worker, session.worker);
    const subscription = await session.dataChannels.subscribe(source, publisherSessionId, {
      waitForAck: item.waitForAck === true,
      canReply: item.canReply === true,
      ackTimeoutMs: context.ackTimeoutMs,
    });
    if (remote) subscription.onClose(remote.release);
    return subscription;
  } catch (error) {
    remote?.release();
    throw error;
  }
}

/** Request checks that need no state; throws invalid_params. */
/** The item's name (and publisher, for a pull), checked; throws invalid_params for what cannot be done. */
function checkNewItem(item: DataChannelRequest): { location: 'local'; name: string } | { location: 'remote'; name: string; publisherSessionId: string } {
  const name = item.dataChannelName;
  if (!name) throw new SfuError('invalid_params', 'a DataChannel needs a dataChannelName');
  if (name.length > 1024) throw new SfuError('invalid_params', `a dataChannelName may have at most 1024 characters, got ${name.length}`);
  if (name === serverEventsName) {
    throw new SfuError('invalid_params', `"${serverEventsName}" is reserved: datachannels/establish pulls it`);
  }
  if (item.maxRetransmits !== undefined && item.maxPacketLifeTime !== undefined) {
    throw new SfuError('invalid_params', 'maxRetransmits and maxPacketLifeTime are mutually exclusive: set at most one');
  }
  const limited = (item.maxRetransmits ?? 0) > 0 || (item.maxPacketLifeTime ?? 0) > 0;
  if (limited && item.ordered !== false) {
    throw new SfuError(
      'invalid_params',
      'ordered delivery with a retransmission limit is not supported by this SFU (mediasoup sends limited messages unordered): set ordered: false',
    );
  }
  if (item.location === 'local') return { location: 'local', name };
  if (!item.sessionId) throw new SfuError('invalid_params', 'a remote DataChannel needs the publisher sessionId');
  return { location: 'remote', name, publisherSessionId: item.sessionId };
}

function deliveryOf(item: DataChannelRequest): DataChannelDelivery {
  const delivery: DataChannelDelivery = { ordered: item.ordered ?? true };
  if (item.maxRetransmits !== undefined) delivery.maxRetransmits = item.maxRetransmits;
  if (item.maxPacketLifeTime !== undefined) delivery.maxPacketLifeTime = item.maxPacketLifeTime;
  return delivery;
}

function sameDelivery(a: DataChannelDelivery, b: DataChannelDelivery): boolean {
  return a.ordered === b.ordered && a.maxRetransmits === b.maxRetransmits && a.maxPacketLifeTime === b.maxPacketLifeTime;
}

function echo(item: DataChannelRequest): DataChannelResult {
  const result: DataChannelResult = { location: item.location };
  if (item.sessionId !== undefined) result.sessionId = item.sessionId;
  if (item.dataChannelName !== undefined) result.dataChannelName = item.dataChannelName;
  return result;
}
