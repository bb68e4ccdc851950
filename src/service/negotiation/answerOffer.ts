/** Negotiation driven by the client's offers, and the pieces every negotiation shares (claims, publishing, closing). */

import {
  closedFormOfRemote,
  publishedSection,
  selectSendCodec,
  SdpError,
  toRtpCodecParameters,
  type LocalSection,
  type RemoteDescription,
  type RemoteMediaSection,
  type SessionDescription,
} from '../../sdp/index.js';
import { consumeInto } from './pull.js';
import { SfuError } from '../errors.js';
import { closedForm, localSectionOf } from '../session/sections.js';
import type { Section, Session } from '../session/Session.js';
import { PublishedTrack, PulledTrack, type SessionTrack } from '../tracks/tracks.js';
import type { SimulcastPreferences, TrackResult } from '../types.js';

/** A local track the request asks to publish from the m-section with this mid. */
export interface PublishClaim {
  item: number;
  mid: string;
  trackName: string;
  /** bidirectionalMediaStream: keep a sendrecv transceiver sendrecv, so a track can be pulled into it. */
  bidirectional?: boolean;
}

/** A remote track the request asks to pull, already found and made reachable on this worker. */
export interface PullClaim {
  item: number;
  /** Set when the client's offer has the m-section to carry it (WHEP style). */
  mid?: string;
  source: PublishedTrack;
  publisherSessionId: string;
  simulcast?: SimulcastPreferences;
}

export interface ClientOfferClaims {
  publish: PublishClaim[];
  pull: PullClaim[];
  autoDiscover: boolean;
}

/**
 * Answers a client's offer: keeps the sections it already had, closes the ones the client stopped,
 * and fills new ones: claimed for publishing or pulling, auto-discovered, or accepted idle.
 * Results are per request item; a failed item leaves its m-section rejected, not the whole call.
 */
export async function answerClientOffer(
  session: Session,
  remote: RemoteDescription,
  claims: ClientOfferClaims,
): Promise<{ answer: SessionDescription; results: Map<number, TrackResult> }> {
  if (session.awaitingAnswer) {
    throw new SdpError('the SFU sent an offer that is still waiting for its answer: send that answer to renegotiate first');
  }
  if (remote.type !== 'offer') throw new SdpError('expected an offer here, got an answer');
  checkMLineOrder(session.sections, remote);
  checkBundleTransportKept(session.sections, remote);
  await session.applyRemoteTransport(remote);

  const publishByMid = new Map(claims.publish.map((c) => [c.mid, c]));
  matchPullsToOffer(session, remote, claims);
  const pullByMid = new Map(claims.pull.filter((c) => c.mid !== undefined).map((c) => [c.mid!, c]));
  const results = new Map<number, TrackResult>();
  const next: Section[] = [];
  const toActivate: PulledTrack[] = [];

  for (const offered of remote.sections) {
    const existing = session.sections[offered.index];
    const claimed = publishByMid.has(offered.mid) || pullByMid.has(offered.mid);
    if (existing && existing.mid === offered.mid && !(existing.role === 'idle' && claimed)) {
      next.push(offered.rejected ? stopSection(session, existing) : keptSection(existing, offered));
      continue;
    }
    const publish = publishByMid.get(offered.mid);
    const pull = pullByMid.get(offered.mid);
    if (publish) {
      next.push(await publishInto(session, offered, publish.trackName, publish.item, results, publish.bidirectional));
    } else if (pull) {
      const section = await pullInto(session, offered, pull, results);
      if (section.role === 'pull') toActivate.push(section.track);
      next.push(section);
    } else if (claims.autoDiscover && sends(offered)) {
      // Auto-discovered tracks are reported after the requested ones, under negative item numbers.
      const name = offered.send.msid?.trackId || `track-${offered.mid}`;
      next.push(await publishInto(session, offered, name, -1 - results.size, results));
    } else {
      next.push(idleSection(session, offered));
    }
  }
  for (const claim of [...claims.publish, ...claims.pull]) {
    if (results.has(claim.item)) continue;
    const why =
      claim.mid === undefined
        ? `the offer has no free receive-only ${(claim as PullClaim).source.kind} m-section for this track`
        : `mid ${claim.mid} is not an m-section of the offer`;
    results.set(claim.item, { ...(claim.mid !== undefined ? { mid: claim.mid } : {}), errorCode: 'invalid_session_description', errorDescription: why });
  }
  session.sections = next;
  const answer = session.describe('answer');
  for (const track of toActivate) await track.activate();
  return { answer, results };
}

/**
 * How many m-sections of the offer autoDiscover would publish: new, sending, claimed by no item.
 * Counted before any is published, so a request's limits hold for discovered tracks too.
 */
export function discoverableSections(session: Session, remote: RemoteDescription, claimedMids: ReadonlySet<string>): number {
  // The same test answerClientOffer applies: a section the session has at that index is kept.
  return remote.sections.filter((offered) => session.sections[offered.index]?.mid !== offered.mid && !claimedMids.has(offered.mid) && sends(offered)).length;
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
        !session.section(s.mid) &&
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
  if (existing.role === 'pull') existing.offeredExtensions = offered.headerExtensions.map((e) => e.uri);
  return existing;
}

/** Whether the session has an m=application section (SCTP negotiated or being negotiated). */
export function hasDataSection(session: Session): boolean {
  return session.sections.some((s) => s.role === 'data');
}

/** Adds an m=application section to the session and writes the SFU offer carrying it. */
export function offerDataSection(session: Session): SessionDescription {
  if (session.awaitingAnswer) {
    throw new SdpError('the SFU sent an offer that is still waiting for its answer: send that answer to renegotiate first');
  }
  const mid = session.allocateMid();
  session.sections.push({ role: 'data', mid, local: dataSection(session, mid) });
  return session.offer();
}

/**
 * Closes what a section carries (tracks/close). It stays in place, described as inactive until
 * the client's next offer stops it; an idle or data section is stopped at once.
 */
export function closeSection(session: Session, section: Section): Section {
  if (section.role !== 'publish' && section.role !== 'pull') return stopSection(session, section);
  closeTracksOf(session, section);
  return section;
}

/** The client stopped the section (port 0): close its tracks and describe it as stopped. */
export function stopSection(session: Session, section: Section): Section {
  closeTracksOf(session, section);
  return { role: 'closed', mid: section.mid, local: closedForm(localSectionOf(section)) };
}

/** Closes what a section carries; a bidirectional transceiver stops in both directions. */
function closeTracksOf(session: Session, section: Section): void {
  const track = trackOfSection(section);
  if (track) session.closeTrack(track, 'closed');
  if (section.role === 'publish' && section.bidirectional?.pull) session.closeTrack(section.bidirectional.pull, 'closed');
}

export function trackOfSection(section: Section | undefined): SessionTrack | undefined {
  return section && (section.role === 'publish' || section.role === 'pull') ? section.track : undefined;
}

/** Whether a section's track is still open (closing it means something). */
export function sectionIsOpen(section: Section): boolean {
  const track = trackOfSection(section);
  if (track) return !track.closed;
  return section.role !== 'closed';
}

export async function publishInto(
  session: Session,
  offered: RemoteMediaSection,
  trackName: string,
  item: number,
  results: Map<number, TrackResult>,
  bidirectional = false,
): Promise<Section> {
  try {
    if (session.openPublishedTrack(trackName)) {
      throw new SfuError('repeated_local_track_error', `this session already publishes a track named "${trackName}"`);
    }
    const published = publishedSection(offered, session.worker.router.rtpCapabilities);
    const producer = await session.transport.produce({
      kind: published.kind,
      rtpParameters: published.rtpParameters,
      // libwebrtc ignores a keyframe request within 300 ms of the last one it honoured, and
      // mediasoup retries only after 1 s: spacing requests by 350 ms lets a late subscriber's
      // request through instead of leaving it a second without video (see docs/benchmarks.md).
      keyFrameRequestDelay: 350,
      appData: { sessionId: session.id, trackName },
    });
    const track = new PublishedTrack(trackName, offered.mid, published.kind, producer, published.rids);
    session.addTrack(track);
    results.set(item, { location: 'local', mid: offered.mid, trackName, kind: published.kind });
    const section: Section = { role: 'publish', mid: offered.mid, track, local: published.answer };
    if (bidirectional && offered.direction === 'sendrecv') section.bidirectional = {};
    return section;
  } catch (error) {
    results.set(item, { location: 'local', mid: offered.mid, trackName, ...session.itemError(error, offered.mid) });
    return rejected(offered);
  }
}

async function pullInto(
  session: Session,
  offered: RemoteMediaSection,
  pull: PullClaim,
  results: Map<number, TrackResult>,
): Promise<Section> {
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
    results.set(pull.item, pulledResult(track));
    const offeredExtensions = offered.headerExtensions.map((e) => e.uri);
    return { role: 'pull', mid: offered.mid, track, msid: msidOf(pull), offeredExtensions };
  } catch (error) {
    results.set(pull.item, { location: 'remote', mid: offered.mid, trackName: pull.source.trackName, sessionId: pull.publisherSessionId, ...session.itemError(error, offered.mid) });
    return rejected(offered);
  }
}

/**
 * Why the client's own m-section cannot receive what the consumer sends, or undefined. mediasoup
 * sends with the router's payload type; a client that numbered the codec otherwise (Firefox: VP8
 * 120, Opus 109) would receive packets it never decodes, so the pull fails instead.
 */
function payloadTypeMismatch(offered: RemoteMediaSection, track: PulledTrack): string | undefined {
  const sent = track.consumer.rtpParameters.codecs[0]!;
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

export function sends(section: RemoteMediaSection): boolean {
  return section.kind !== 'application' && !section.rejected && (section.direction === 'sendonly' || section.direction === 'sendrecv');
}

/** A new m-section nobody claimed: accepted but inactive, so a later request can fill it. */
function idleSection(session: Session, offered: RemoteMediaSection): Section {
  if (offered.rejected) return rejected(offered);
  if (offered.kind === 'application') return { role: 'data', mid: offered.mid, local: dataSection(session, offered.mid, offered.protocol) };
  const chosen = selectSendCodec(offered.codecs, session.worker.router.rtpCapabilities);
  if (!chosen) return rejected(offered);
  const codecs = [toRtpCodecParameters(chosen.codec), ...(chosen.rtx ? [toRtpCodecParameters(chosen.rtx)] : [])];
  return {
    role: 'idle',
    mid: offered.mid,
    local: { type: 'inactive', mid: offered.mid, kind: offered.kind, protocol: offered.protocol, codecs, headerExtensions: [] },
  };
}

/** The SFU's side of an m=application section: mediasoup's SCTP port and message size. */
function dataSection(session: Session, mid: string, protocol?: string): LocalSection {
  const port = session.transport.sctpParameters?.port ?? 5000;
  const maxMessageSize = session.transport.sctpParameters?.maxMessageSize ?? 262144;
  return { type: 'data', mid, ...(protocol !== undefined ? { protocol } : {}), sctpPort: port, maxMessageSize };
}

function rejected(offered: RemoteMediaSection): Section {
  return { role: 'closed', mid: offered.mid, local: closedFormOfRemote(offered) };
}

/**
 * Browsers (Firefox, and libwebrtc: Chromium, wrtc) move the BUNDLE group onto a new ICE/DTLS
 * transport when their offer stops the m-section that led it; the old DTLS association closes, and
 * a mediasoup transport cannot take a second one, so the session would drop with every track on
 * it. Refuse that offer instead, and say what works: the transceiver stays, inactive.
 */
export function checkBundleTransportKept(sections: Section[], remote: RemoteDescription): void {
  const leader = sections.find((s) => s.role !== 'closed');
  const offered = leader && remote.sections.find((s) => s.mid === leader.mid);
  const othersStayBundled = remote.sections.some((s) => s.mid !== leader?.mid && !s.rejected);
  if (!leader || !offered?.rejected || !othersStayBundled) return;
  throw new SfuError(
    'invalid_session_description',
    `the offer stops mid ${leader.mid}, which carries the BUNDLE transport: the browser then starts a new DTLS association that the SFU ` +
      `cannot take over. Keep that transceiver and set its direction to "inactive" instead of stop(), then close its track ` +
      `(tracks/close with this offer, or force: true)`,
  );
}

/**
 * An offer must keep every m-line the session has, in place; only a stopped one may be recycled
 * for a new mid (browsers reuse stopped transceivers' slots).
 */
function checkMLineOrder(sections: Section[], remote: RemoteDescription): void {
  if (remote.sections.length < sections.length) {
    throw new SdpError(`the offer has ${remote.sections.length} m-sections, the session already has ${sections.length}`);
  }
  sections.forEach((section, i) => {
    const offered = remote.sections[i]!;
    if (offered.mid !== section.mid && section.role !== 'closed') {
      throw new SdpError(`m-section ${i} is mid ${section.mid} in this session, the offer has mid ${offered.mid} there`);
    }
  });
}
