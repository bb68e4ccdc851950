import { parseRemoteDescription, SdpError, type RemoteDescription, type SessionDescription } from '../../sdp/index.js';
import { asSfuError } from '../errors.js';
import type { TrackUpdateRequest } from './updateTracks.js';
import type { TrackRequest, TrackResult } from '../types.js';

/** Checks on request items that both faces share, and the SDP parse every operation starts with. */

/** What's wrong with one tracks/update item, or undefined. */
export function checkUpdateRequest(track: Partial<TrackUpdateRequest> & { location?: string }): string | undefined {
  if (track.location !== 'remote') return 'tracks/update changes receiving transceivers: location must be "remote"';
  if (!track.mid || !track.sessionId || !track.trackName) return 'each track needs the mid of the receiving transceiver, and the sessionId and trackName to receive';
  return undefined;
}

/** What's wrong with one tracks/new item, or undefined. */
export function checkTrackRequest(track: TrackRequest, withOffer: boolean): string | undefined {
  if (track.location === 'local') {
    if (!track.trackName) return 'a local track needs a trackName';
    if (!withOffer && !track.kind) return 'without a sessionDescription, a local track needs its kind ("audio" or "video") so the SFU can offer an m-section for it';
    if (withOffer && !track.mid) return 'a local track needs the mid of its m-section in the offer';
    return undefined;
  }
  if (!track.sessionId || !track.trackName) return 'a remote track needs the publisher sessionId and trackName';
  return undefined;
}

export function echo(track: TrackRequest): TrackResult {
  const result: TrackResult = { location: track.location };
  if (track.mid !== undefined) result.mid = track.mid;
  if (track.trackName !== undefined) result.trackName = track.trackName;
  if (track.sessionId !== undefined) result.sessionId = track.sessionId;
  return result;
}

export function parseDescription(description: SessionDescription, expected?: 'offer' | 'answer'): RemoteDescription {
  try {
    const remote = parseRemoteDescription(description);
    if (expected && remote.type !== expected) throw new SdpError(`expected an ${expected}, got an ${remote.type}`);
    return remote;
  } catch (error) {
    throw asSfuError(error);
  }
}

