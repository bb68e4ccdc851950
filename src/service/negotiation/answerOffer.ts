import { SdpError, selectSendCodec, toRtpCodecParameters, type RemoteDescription, type RemoteMediaSection, type SessionDescription } from '../../sdp/index.js';
import { stoppedSection, type Section } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import type { PulledTrack } from '../tracks/tracks.js';
import type { TrackResult } from '../types.js';
import type { ClaimResults, ClientOfferClaims, PullClaim } from './claims.js';
import { dataSection } from './dataSection.js';
import { publishInto, sends } from './publish.js';
import { pullInto } from './pull.js';

/**
 * Answers a client's offer: keeps the sections it already had, stops the ones the client stopped,
 * and fills new ones: claimed for publishing or pulling, auto-discovered, or accepted idle.
 * Results are per claim; a failed claim leaves its m-section rejected, not the whole call.
 * Auto-discovered tracks come back apart, in m-line order.
 */
export async function answerClientOffer(
  session: Session,
  remote: RemoteDescription,
  claims: ClientOfferClaims,
): Promise<{ answer: SessionDescription; results: ClaimResults; discovered: TrackResult[] }> {
  session.sections.assertNoPendingOffer();
  if (remote.type !== 'offer') throw new SdpError('expected an offer here, got an answer');
  session.sections.checkOffer(remote);
  await session.applyRemoteTransport(remote);

  const publishByMid = new Map(claims.publish.map((c) => [c.mid, c]));
  matchPullsToOffer(session, remote, claims);
  const pullByMid = new Map(claims.pull.flatMap((c) => (c.mid !== undefined ? [[c.mid, c] as const] : [])));
  const results: ClaimResults = new Map();
  const discovered: TrackResult[] = [];
  const next: Section[] = [];
  const toActivate: PulledTrack[] = [];

  for (const offered of remote.sections) {
    const existing = session.sections.at(offered.index);
    const claimed = publishByMid.has(offered.mid) || pullByMid.has(offered.mid);
    if (existing && existing.mid === offered.mid && !(existing.role === 'idle' && claimed)) {
      next.push(offered.rejected ? session.stopSection(existing) : keptSection(existing, offered));
      continue;
    }
    const publish = publishByMid.get(offered.mid);
    const pull = pullByMid.get(offered.mid);
    if (publish) {
      const { section, result } = await publishInto(session, offered, publish);
      results.set(publish, result);
      next.push(section);
    } else if (pull) {
      const { section, result } = await pullInto(session, offered, pull);
      results.set(pull, result);
      if (section.role === 'pull') toActivate.push(section.track);
      next.push(section);
    } else if (claims.autoDiscover && sends(offered)) {
      const { section, result } = await publishInto(session, offered, { trackName: offered.send.msid?.trackId || `track-${offered.mid}` });
      discovered.push(result);
      next.push(section);
    } else {
      next.push(idleSection(session, offered));
    }
  }
  for (const claim of [...claims.publish, ...claims.pull]) {
    if (results.has(claim)) continue;
    const why =
      claim.mid === undefined
        ? `the offer has no free receive-only ${(claim as PullClaim).source.kind} m-section for this track`
        : `mid ${claim.mid} is not an m-section of the offer`;
    results.set(claim, { ...(claim.mid !== undefined ? { mid: claim.mid } : {}), errorCode: 'invalid_session_description', errorDescription: why });
  }
  session.sections.replaceAll(next);
  const answer = session.describe('answer');
  for (const track of toActivate) await track.activate();
  return { answer, results, discovered };
}

/**
 * How many m-sections of the offer autoDiscover would publish: new, sending, claimed by no item.
 * Counted before any is published, so a request's limits hold for discovered tracks too.
 */
export function discoverableSections(session: Session, remote: RemoteDescription, claimedMids: ReadonlySet<string>): number {
  // The same test answerClientOffer applies: a section the session has at that index is kept.
  return remote.sections.filter((offered) => session.sections.at(offered.index)?.mid !== offered.mid && !claimedMids.has(offered.mid) && sends(offered)).length;
}

/**
 * WHEP style: remote tracks named without a mid take the offer's new receive-only m-sections of
 * their kind, in m-line order (the hosted service pairs them so; gateways rely on it).
 */
function matchPullsToOffer(session: Session, remote: RemoteDescription, claims: ClientOfferClaims): void {
  const taken = new Set([...claims.publish.map((c) => c.mid), ...claims.pull.flatMap((c) => (c.mid ? [c.mid] : []))]);
  for (const pull of claims.pull.filter((c) => c.mid === undefined)) {
    const free = remote.sections.find(
      (s) =>
        !taken.has(s.mid) &&
        !session.sections.byMid(s.mid) &&
        !s.rejected &&
        s.kind === pull.source.kind &&
        (s.direction === 'recvonly' || s.direction === 'sendrecv'),
    );
    if (!free) continue;
    pull.mid = free.mid;
    taken.add(free.mid);
  }
}

/**
 * A section the session already has, as this offer keeps it. An answer may only name header
 * extensions the offer has: a pull the SFU offered carried all of its consumer's, and a client
 * re-offering it lists only those it accepted (Firefox refuses an answer with any other).
 */
function keptSection(existing: Section, offered: RemoteMediaSection): Section {
  return existing.role === 'pull' ? { ...existing, offeredExtensions: offered.headerExtensions.map((e) => e.uri) } : existing;
}

/** A new m-section nobody claimed: accepted but inactive, so a later request can fill it. */
function idleSection(session: Session, offered: RemoteMediaSection): Section {
  if (offered.rejected) return stoppedSection(offered);
  if (offered.kind === 'application') return { role: 'data', mid: offered.mid, local: dataSection(session, offered.mid, offered.protocol) };
  const chosen = selectSendCodec(offered.codecs, session.worker.router.rtpCapabilities);
  if (!chosen) return stoppedSection(offered);
  const codecs = [toRtpCodecParameters(chosen.codec), ...(chosen.rtx ? [toRtpCodecParameters(chosen.rtx)] : [])];
  return {
    role: 'idle',
    mid: offered.mid,
    local: { type: 'inactive', mid: offered.mid, kind: offered.kind, protocol: offered.protocol, codecs, headerExtensions: [] },
  };
}
