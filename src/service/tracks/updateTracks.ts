import { SfuError, type ItemError } from '../errors.js';
import type { PullClaim } from '../negotiation/claims.js';
import { consumeInto, preferLayer } from '../negotiation/pull.js';
import type { Session } from '../session/Session.js';
import type { NegotiationResult, SimulcastPreferences } from '../types.js';
import type { PullTarget } from './planTracks.js';

/** One item of tracks/update, as a face decoded it: point the receiving transceiver `mid` at (sessionId, trackName). */
export interface TrackUpdateRequest {
  location: 'remote';
  mid: string;
  sessionId: string;
  trackName: string;
  simulcast?: SimulcastPreferences;
}

export type TrackUpdateResult = { mid: string; sessionId?: string; trackName?: string } & Partial<ItemError>;

/** Finds a published track of the same app, waits for its media and makes it reachable. */
export type PullResolver = (target: PullTarget) => Promise<PullClaim>;

/**
 * tracks/update: changes the simulcast preferences of receiving transceivers (no renegotiation),
 * or re-points them at other tracks. A re-pointed transceiver gets a new consumer in the same
 * m-section; mediasoup starts every consumer's RTP sequence numbers afresh, which a browser would
 * take for old packets on the SSRC it knows, so the new consumer gets a new SSRC and the result
 * carries an SFU offer (`renegotiate` with the answer), as tracks/new does.
 */
export async function updateTracks(
  session: Session,
  items: TrackUpdateRequest[],
  resolve: PullResolver,
): Promise<NegotiationResult & { tracks: TrackUpdateResult[] }> {
  const tracks: TrackUpdateResult[] = [];
  let repointed = false;
  for (const item of items) {
    const echo = { mid: item.mid, sessionId: item.sessionId, trackName: item.trackName };
    const problem = checkUpdateRequest(item);
    if (problem) {
      tracks.push({ ...echo, errorCode: 'invalid_params', errorDescription: problem });
      continue;
    }
    try {
      const { result, repoint } = await updateOne(session, item, resolve);
      tracks.push(result);
      repointed ||= repoint;
    } catch (error) {
      tracks.push({ ...echo, ...session.itemError(error, item.mid) });
    }
  }
  if (!repointed) return { requiresImmediateRenegotiation: false, tracks };
  return { sessionDescription: session.offer(), requiresImmediateRenegotiation: true, tracks };
}

/** What's wrong with one tracks/update item as decoded (fields may be missing), or undefined. */
function checkUpdateRequest(track: Partial<TrackUpdateRequest> & { location?: string }): string | undefined {
  if (track.location !== 'remote') return 'tracks/update changes receiving transceivers: location must be "remote"';
  if (!track.mid || !track.sessionId || !track.trackName) return 'each track needs the mid of the receiving transceiver, and the sessionId and trackName to receive';
  return undefined;
}

async function updateOne(
  session: Session,
  item: TrackUpdateRequest,
  resolve: PullResolver,
): Promise<{ result: TrackUpdateResult; repoint: boolean }> {
  const section = session.sections.byMid(item.mid);
  if (!section || section.role !== 'pull' || section.track.pending) {
    throw new SfuError('update_track_error', `mid ${item.mid} is not a receiving transceiver with a negotiated remote track in this session`);
  }
  const current = section.track;
  const result = { mid: item.mid, sessionId: item.sessionId, trackName: item.trackName };
  if (!current.closed && current.publisherSessionId === item.sessionId && current.trackName === item.trackName) {
    if (item.simulcast === undefined) return { result, repoint: false };
    const claim = await resolve(item);
    // Only the layers are read: the consumer already there holds its own source.
    claim.release?.();
    if (claim.source.rids.length === 0) {
      throw new SfuError('update_track_error', `track "${item.trackName}" is not simulcast: there are no layers to prefer`);
    }
    current.simulcast = item.simulcast;
    await preferLayer(current, claim.source, item.simulcast);
    return { result, repoint: false };
  }

  const claim = await resolve(item);
  const [codec] = current.consumer.rtpParameters.codecs;
  // The router's payload type names the codec exactly (H264 profiles included).
  const [wanted] = claim.source.producer.consumableRtpParameters.codecs;
  if (claim.source.kind !== current.kind || !codec || !wanted || wanted.payloadType !== codec.payloadType) {
    claim.release?.();
    throw new SfuError(
      'update_track_error',
      `mid ${item.mid} receives ${codec?.mimeType}; track "${item.trackName}" is ${wanted?.mimeType}: close it and pull with tracks/new instead`,
    );
  }
  session.closeTrack(current, 'closed');
  const track = await consumeInto(session, claim, item.mid);
  session.sections.replace(item.mid, { ...section, track });
  return { result, repoint: true };
}
