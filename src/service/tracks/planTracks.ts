import type { PublishClaim, PublishOfferClaim } from '../negotiation/claims.js';
import type { SimulcastPreferences, TrackRequest, TrackResult } from '../types.js';

/** A remote track a pull names, checked: the publisher's session and the track's name. */
export interface PullTarget {
  sessionId: string;
  trackName: string;
  simulcast?: SimulcastPreferences;
}

/**
 * What one item of tracks/new will do, decided before anything runs. Each step carries the
 * fields it needs, checked, so nothing downstream re-asserts them.
 */
export type TrackPlan =
  | { step: 'invalid'; request: TrackRequest; problem: string }
  /** Publish from the client's offer, the m-section `claim.mid`. */
  | { step: 'publish'; request: TrackRequest; claim: PublishClaim }
  /** No offer: the SFU offers an m-section for the client to publish on. */
  | { step: 'publishByOffer'; request: TrackRequest; claim: PublishOfferClaim }
  /** Pull into a new m-section (SFU offer) or one the client's offer has free for it (WHEP style). */
  | { step: 'pull'; request: TrackRequest; target: PullTarget }
  /** Pull into a named m-section: the offer's `mid`, or without an offer `#<trackName>` of a bidirectional transceiver. */
  | { step: 'pullInto'; request: TrackRequest; target: PullTarget; mid: string };

/** The plan of each item of tracks/new, in request order. */
export function planTracks(items: TrackRequest[], withOffer: boolean): TrackPlan[] {
  return items.map((request) => planTrack(request, withOffer));
}

function planTrack(request: TrackRequest, withOffer: boolean): TrackPlan {
  const invalid = (problem: string): TrackPlan => ({ step: 'invalid', request, problem });
  const { trackName, mid, kind, sessionId } = request;
  const bidirectional = request.bidirectionalMediaStream ? { bidirectional: true } : {};
  if (request.location === 'local') {
    if (!trackName) return invalid('a local track needs a trackName');
    if (withOffer) {
      if (!mid) return invalid('a local track needs the mid of its m-section in the offer');
      return { step: 'publish', request, claim: { mid, trackName, ...bidirectional } };
    }
    if (!kind) return invalid('without a sessionDescription, a local track needs its kind ("audio" or "video") so the SFU can offer an m-section for it');
    return { step: 'publishByOffer', request, claim: { trackName, kind, ...bidirectional } };
  }
  if (!sessionId || !trackName) return invalid('a remote track needs the publisher sessionId and trackName');
  const target: PullTarget = { sessionId, trackName, ...(request.simulcast !== undefined ? { simulcast: request.simulcast } : {}) };
  return mid !== undefined ? { step: 'pullInto', request, target, mid } : { step: 'pull', request, target };
}

/** What identified an item, for its result. */
export function echo(track: TrackRequest): TrackResult {
  const result: TrackResult = { location: track.location };
  if (track.mid !== undefined) result.mid = track.mid;
  if (track.trackName !== undefined) result.trackName = track.trackName;
  if (track.sessionId !== undefined) result.sessionId = track.sessionId;
  return result;
}
