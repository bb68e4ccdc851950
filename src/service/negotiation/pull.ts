import { consumableExtensions, findPayloadTypeCollision, type RemoteMediaSection } from '../../sdp/index.js';
import { SfuError } from '../errors.js';
import type { PullClaim, PullSource } from './claims.js';
import { localSectionOf, stoppedSection, type Section } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import { PulledTrack } from '../tracks/tracks.js';
import type { SimulcastPreferences, TrackResult } from '../types.js';

/**
 * Creates the consumer that carries a pulled track in the m-section `mid` of `session`, paused
 * until the client has the section.
 */
export async function consumeInto(
  session: Session,
  pull: PullClaim,
  mid: string,
  /** When the client offered the section: the extensions (and ids) it offered there. */
  offeredExtensions?: { uri: string; id: number }[],
): Promise<PulledTrack> {
  try {
    const track = await consume(session, pull, mid, offeredExtensions);
    consumed.add(pull);
    // A piped source is given back with the last consumer of it.
    if (pull.release) track.consumer.observer.once('close', pull.release);
    return track;
  } catch (error) {
    pull.release?.();
    throw error;
  }
}

const consumed = new WeakSet<PullClaim>();

/** Gives back the sources of claims no consumer was made from (the negotiation failed or refused them). */
export function releaseUnconsumed(claims: PullClaim[]): void {
  for (const claim of claims) if (!consumed.has(claim)) claim.release?.();
}

async function consume(session: Session, pull: PullClaim, mid: string, offeredExtensions: { uri: string; id: number }[] | undefined): Promise<PulledTrack> {
  const { source } = pull;
  // mediasoup consumers always send with the router's payload types and extension ids; consume
  // with only the extensions the client reads at those ids (in an answer: that it offered at them).
  // That does not stop mediasoup 3.12 writing the others (every video packet leaves its producer
  // with MID 1, abs-send-time 4, transport-cc 5). It keeps them out of the answer, so the client is
  // never told to read an extension where mediasoup writes another (older libwebrtc reads MID at its
  // offer's id regardless: docs/rest-api.md), and congestion control off feedback that never comes.
  const router = session.worker.router.rtpCapabilities;
  const current = session.sections.all.filter((s) => s.mid !== mid).map((s) => localSectionOf(s));
  const readable = consumableExtensions(router.headerExtensions ?? [], current).filter(
    (ext) => !offeredExtensions || offeredExtensions.some((o) => o.uri === ext.uri && o.id === ext.preferredId),
  );
  const rtpCapabilities = { ...router, headerExtensions: readable };
  if (!session.worker.router.canConsume({ producerId: source.producer.id, rtpCapabilities })) {
    throw new SfuError('not_found_track_error', `track "${source.trackName}" uses a codec this session cannot receive`);
  }
  const consumer = await session.transport.consume({
    producerId: source.producer.id,
    rtpCapabilities,
    paused: true,
    mid,
    appData: { sessionId: session.id },
  });
  const collision = findPayloadTypeCollision([
    ...current,
    { type: 'send', mid, kind: source.kind, rtpParameters: consumer.rtpParameters, msid: { streamId: '-', trackId: '-' } },
  ]);
  if (collision) {
    consumer.close();
    throw new SfuError(
      'invalid_session_description',
      `payload type ${collision.payloadType} is ${collision.codecs[0]} at mid ${collision.mids[0]} on this PeerConnection, ` +
        `but track "${source.trackName}" needs it for ${collision.codecs[1]}; publish with the SFU's payload types or pull on another session`,
    );
  }
  const track = new PulledTrack(source.trackName, mid, source.kind, pull.publisherSessionId, consumer, pull.simulcast);
  session.addTrack(track);
  await preferLayer(track, source, pull.simulcast);
  return track;
}

/** Points a simulcast consumer at the layer whose RID is preferred ("" or none: by bandwidth). */
export async function preferLayer(track: PulledTrack, source: PullSource, simulcast: SimulcastPreferences | undefined): Promise<void> {
  const { consumer } = track;
  if (consumer.type !== 'simulcast' || consumer.closed) return;
  const preferred = simulcast?.preferredRid;
  const spatialLayer = preferred ? source.rids.indexOf(preferred) : source.rids.length - 1;
  if (spatialLayer >= 0) await consumer.setPreferredLayers({ spatialLayer, temporalLayer: 2 });
}

/**
 * Pulls a track into the client's own m-section `offered` (its offer named or matched it): the
 * consumer and the section that answers it. A failure is the item's result, and the m-section is
 * rejected.
 */
export async function pullInto(session: Session, offered: RemoteMediaSection, pull: PullClaim): Promise<{ section: Section; result: TrackResult }> {
  try {
    if (offered.rejected || (offered.direction !== 'recvonly' && offered.direction !== 'sendrecv')) {
      throw new SfuError('invalid_session_description', `mid=${offered.mid} must be recvonly to pull a track into it`);
    }
    const track = await consumeInto(session, pull, offered.mid, offered.headerExtensions);
    const mismatch = payloadTypeMismatch(offered, track);
    if (mismatch) {
      session.closeTrack(track, 'rejected');
      throw new SfuError('invalid_session_description', mismatch);
    }
    const offeredExtensions = offered.headerExtensions.map((e) => e.uri);
    return { section: { role: 'pull', mid: offered.mid, track, msid: msidOf(pull), offeredExtensions }, result: pulledResult(track) };
  } catch (error) {
    const result: TrackResult = { location: 'remote', mid: offered.mid, trackName: pull.source.trackName, sessionId: pull.publisherSessionId, ...session.itemError(error, offered.mid) };
    return { section: stoppedSection(offered), result };
  }
}

/**
 * Why the client's own m-section cannot receive what the consumer sends, or undefined. mediasoup
 * sends with the router's payload type; a client that numbered the codec otherwise (Firefox: VP8
 * 120, Opus 109) would receive packets it never decodes, so the pull fails instead.
 */
function payloadTypeMismatch(offered: RemoteMediaSection, track: PulledTrack): string | undefined {
  const [sent] = track.consumer.rtpParameters.codecs;
  if (!sent) return `the SFU has no codec to send track "${track.trackName}" in`;
  const mime = sent.mimeType.toLowerCase();
  if (offered.codecs.some((c) => c.payloadType === sent.payloadType && c.mimeType.toLowerCase() === mime)) return undefined;
  const theirs = offered.codecs.find((c) => c.mimeType.toLowerCase() === mime);
  return (
    `mid=${offered.mid} offers ${sent.mimeType} ${theirs ? `at payload type ${theirs.payloadType}` : 'not at all'}, ` +
    `but the SFU sends track "${track.trackName}" as ${sent.mimeType} at payload type ${sent.payloadType}: ` +
    `pull it without an offer (the SFU writes the offer, in its numbers) or offer it at that payload type`
  );
}

export function pulledResult(track: PulledTrack): TrackResult {
  return { location: 'remote', sessionId: track.publisherSessionId, trackName: track.trackName, mid: track.mid, kind: track.kind };
}

export function msidOf(pull: PullClaim): { streamId: string; trackId: string } {
  return { streamId: pull.publisherSessionId, trackId: pull.source.trackName };
}
