import type { RemoteDescription } from '../../sdp/index.js';
import { answerClientOffer } from '../negotiation/answerOffer.js';
import type { Claim, ClaimResults, PullClaim } from '../negotiation/claims.js';
import { releaseUnconsumed } from '../negotiation/pull.js';
import { offerTracks } from '../negotiation/sfuOffer.js';
import type { Session } from '../session/Session.js';
import type { AddTracksResult, NegotiationResult, TrackResult } from '../types.js';
import { echo, type TrackPlan } from './planTracks.js';
import type { PullResolver } from './updateTracks.js';

export interface AddTracksOptions {
  /** The client's offer, when the request has one. */
  remote: RemoteDescription | undefined;
  autoDiscover: boolean;
  /** Finds, waits for and makes reachable each pulled track. */
  resolvePull: PullResolver;
  /** How long pulls wait for a negotiating session's transport (425 after). */
  transportWaitMs: number;
}

/**
 * tracks/new on one session, from its plan: pulls are resolved first (each may fail alone), then
 * one negotiation publishes and pulls everything: an answer to the client's offer, or an SFU
 * offer. Results come back in request order, then the auto-discovered tracks.
 */
export async function addTracks(session: Session, plan: TrackPlan[], options: AddTracksOptions): Promise<AddTracksResult> {
  const pulling = plan.filter((entry) => entry.step === 'pull' || entry.step === 'pullInto');
  if (pulling.length > 0) await session.waitForTransport(options.transportWaitMs);
  const pullFailures = new Map<TrackPlan, TrackResult>();
  const pulls = new Map<TrackPlan, PullClaim>();
  await Promise.all(
    pulling.map(async (entry) => {
      if (entry.step !== 'pull' && entry.step !== 'pullInto') return;
      try {
        const claim = await options.resolvePull(entry.target);
        pulls.set(entry, entry.step === 'pullInto' ? { ...claim, mid: entry.mid } : claim);
      } catch (error) {
        pullFailures.set(entry, { ...echo(entry.request), ...session.itemError(error, entry.request.mid) });
      }
    }),
  );
  // In request order, not in the order the lookups finished: new m-lines (mids) follow the request.
  const pullClaims = pulling.flatMap((entry) => pulls.get(entry) ?? []);
  const claimOf = (entry: TrackPlan): Claim | undefined =>
    entry.step === 'publish' || entry.step === 'publishByOffer' ? entry.claim : pulls.get(entry);

  let negotiation: NegotiationResult = { requiresImmediateRenegotiation: false };
  let results: ClaimResults = new Map();
  let discovered: TrackResult[] = [];
  const publishByOffer = plan.flatMap((entry) => (entry.step === 'publishByOffer' ? [entry.claim] : []));
  try {
    if (options.remote) {
      const publish = plan.flatMap((entry) => (entry.step === 'publish' ? [entry.claim] : []));
      const answered = await answerClientOffer(session, options.remote, { publish, pull: pullClaims, autoDiscover: options.autoDiscover });
      ({ results, discovered } = answered);
      negotiation = { sessionDescription: answered.answer, requiresImmediateRenegotiation: false };
    } else if (pulls.size > 0 || publishByOffer.length > 0) {
      const offered = await offerTracks(session, pullClaims, publishByOffer);
      results = offered.results;
      if (offered.offer) negotiation = { sessionDescription: offered.offer, requiresImmediateRenegotiation: true };
    }
  } finally {
    releaseUnconsumed(pullClaims);
  }
  const tracks = plan.map((entry): TrackResult => {
    if (entry.step === 'invalid') return { ...echo(entry.request), errorCode: 'invalid_params', errorDescription: entry.problem };
    const claim = claimOf(entry);
    return pullFailures.get(entry) ?? (claim && results.get(claim)) ?? echo(entry.request);
  });
  return { ...negotiation, tracks: [...tracks, ...discovered] };
}
