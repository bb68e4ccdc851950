import { findPayloadTypeCollision, receiveOfferSection, SdpError, type MediaKind, type RemoteDescription, type RemoteMediaSection, type SessionDescription } from '../../sdp/index.js';
import { consumeInto } from './pull.js';
import { SfuError } from '../errors.js';
import { msidOf, publishInto, pulledResult, sends, stopSection, type PullClaim } from './answerOffer.js';
import { closedForm, localSectionOf } from '../session/sections.js';
import type { Section, Session } from '../session/Session.js';
import type { PulledTrack } from '../tracks/tracks.js';
import type { TrackResult } from '../types.js';

/** The SFU's offers (pulls and publish offers) and the client's answers to them. */

/** A local track the SFU offers a new m-section for (tracks/new with `kind` and no offer). */
export interface PublishOfferClaim {
  item: number;
  trackName: string;
  kind: MediaKind;
  /** bidirectionalMediaStream: offer the m-section sendrecv, so a track can be pulled into it later. */
  bidirectional?: boolean;
}

/**
 * Adds one section per pull (SFU sends) and per publish claim (client sends) to the session and
 * writes the SFU offer carrying them all. Publishing starts when the client's answer arrives.
 */
export async function offerTracks(
  session: Session,
  pulls: PullClaim[],
  publishes: PublishOfferClaim[] = [],
): Promise<{ offer?: SessionDescription; results: Map<number, TrackResult> }> {
  const results = new Map<number, TrackResult>();
  for (const publish of publishes) {
    const mid = session.allocateMid();
    const result: TrackResult = { location: 'local', trackName: publish.trackName, mid, kind: publish.kind };
    const pending = session.sections.some((s) => s.role === 'offeredPublish' && s.trackName === publish.trackName);
    if (session.openPublishedTrack(publish.trackName) || pending) {
      results.set(publish.item, { ...result, ...session.itemError(new SfuError('repeated_local_track_error', `this session already publishes a track named "${publish.trackName}"`)) });
      continue;
    }
    const receive = receiveOfferSection(publish.kind, mid, session.worker.router.rtpCapabilities);
    const local = publish.bidirectional ? { ...receive, bidirectional: {} } : receive;
    const collision = findPayloadTypeCollision([...session.sections.map((s) => localSectionOf(s)), local]);
    if (collision) {
      results.set(publish.item, { ...result, ...session.itemError(new SfuError('invalid_session_description', `payload type ${collision.payloadType} is already ${collision.codecs[0]} on this PeerConnection`)) });
      continue;
    }
    session.sections.push({ role: 'offeredPublish', mid, trackName: publish.trackName, local, ...(publish.bidirectional ? { bidirectional: true } : {}) });
    results.set(publish.item, result);
  }
  let renegotiate = false;
  for (const pull of pulls.filter((p) => p.mid !== undefined)) {
    // mid "#<trackName>": into the bidirectional transceiver publishing that track.
    try {
      const { track, needsOffer } = await pullIntoBidirectional(session, pull);
      renegotiate ||= needsOffer;
      results.set(pull.item, pulledResult(track));
    } catch (error) {
      results.set(pull.item, { location: 'remote', mid: pull.mid!, trackName: pull.source.trackName, sessionId: pull.publisherSessionId, ...session.itemError(error, pull.mid) });
    }
  }
  for (const pull of pulls.filter((p) => p.mid === undefined)) {
    const mid = session.allocateMid();
    try {
      const track = await consumeInto(session, pull, mid);
      session.sections.push({ role: 'pull', mid, track, msid: msidOf(pull) });
      results.set(pull.item, pulledResult(track));
      renegotiate = true;
    } catch (error) {
      results.set(pull.item, { mid, ...session.itemError(error, mid) });
    }
  }
  renegotiate ||= publishes.some((p) => !results.get(p.item)?.errorCode);
  if (!renegotiate && !session.awaitingAnswer) return { results };
  return { offer: session.offer(), results };
}

/** Applies the client's answer to the SFU's last offer; pulled tracks it accepted start flowing. */
export async function applyClientAnswer(session: Session, remote: RemoteDescription): Promise<void> {
  if (!session.awaitingAnswer) throw new SdpError('no SFU offer is waiting for an answer on this session');
  if (remote.sections.length !== session.sections.length) {
    throw new SdpError(
      `the answer has ${remote.sections.length} m-sections, the SFU offer had ${session.sections.length}`,
    );
  }
  remote.sections.forEach((answered, i) => {
    if (answered.mid !== session.sections[i]!.mid) {
      throw new SdpError(`m-section ${i} of the answer has mid ${answered.mid}, the offer had ${session.sections[i]!.mid}`);
    }
  });
  await session.applyRemoteTransport(remote);
  session.awaitingAnswer = false;
  for (const answered of remote.sections) {
    const section = session.sections[answered.index]!;
    if (section.role === 'offeredPublish') {
      session.sections[answered.index] = await publishAnswered(session, section, answered);
      continue;
    }
    if (section.role === 'data' && answered.rejected) session.sections[answered.index] = stopSection(session, section);
    const bidirectionalPull = section.role === 'publish' ? section.bidirectional?.pull : undefined;
    if (bidirectionalPull?.pending && !answered.rejected) await bidirectionalPull.activate();
    if (section.role !== 'pull' || !section.track.pending) continue;
    if (answered.rejected || answered.direction === 'inactive' || answered.direction === 'sendonly') {
      session.closeTrack(section.track, 'rejected');
    } else {
      await section.track.activate();
    }
  }
}

/** Pulls a track into the sendrecv transceiver that publishes `#<trackName>` (pull.mid). */
async function pullIntoBidirectional(session: Session, pull: PullClaim): Promise<{ track: PulledTrack; needsOffer: boolean }> {
  const name = pull.mid!.slice(1);
  const section = session.sections.find(
    (s): s is Extract<Section, { role: 'publish' }> => s.role === 'publish' && s.track.trackName === name && !s.track.closed,
  );
  if (!pull.mid!.startsWith('#') || !section) {
    throw new SfuError('invalid_params', `mid ${pull.mid}: without an offer, a remote track's mid must be "#<trackName>" of a track this session publishes`);
  }
  if (!section.bidirectional || section.local.type !== 'receive') {
    throw new SfuError('invalid_params', `track "${name}" was not published with bidirectionalMediaStream on a sendrecv transceiver`);
  }
  if (section.bidirectional.pull && !section.bidirectional.pull.closed) {
    throw new SfuError('invalid_params', `the transceiver of "${name}" already carries pulled track "${section.bidirectional.pull.trackName}"`);
  }
  const track = await consumeInto(session, pull, section.mid);
  // The consumer sends with the router's payload type, which must be the one this m-line negotiated.
  const codec = track.consumer.rtpParameters.codecs[0]!;
  const local = section.local;
  if (!local.codecs.some((c) => c.payloadType === codec.payloadType && c.mimeType.toLowerCase() === codec.mimeType.toLowerCase())) {
    session.closeTrack(track, 'rejected');
    throw new SfuError('invalid_session_description', `the transceiver of "${name}" negotiated no ${codec.mimeType} at payload type ${codec.payloadType}`);
  }
  section.bidirectional = { pull: track, msid: msidOf(pull) };
  // With MID negotiated at mediasoup's id, the client routes the new stream by MID without being
  // told its SSRC: no renegotiation (as the hosted service). Otherwise the SFU offers the SSRCs.
  const demuxedByMid = local.headerExtensions.some((e) => e.uri === 'urn:ietf:params:rtp-hdrext:sdes:mid');
  if (demuxedByMid) await track.activate();
  return { track, needsOffer: !demuxedByMid };
}

/** The client answered an SFU offer to publish: produce what it says it sends, or stop the section. */
async function publishAnswered(
  session: Session,
  section: Extract<Section, { role: 'offeredPublish' }>,
  answered: RemoteMediaSection,
): Promise<Section> {
  if (!sends(answered)) return { role: 'closed', mid: section.mid, local: closedForm(section.local) };
  const published = await publishInto(session, answered, section.trackName, -1, new Map(), section.bidirectional);
  return published.role === 'publish' ? published : { role: 'closed', mid: section.mid, local: closedForm(section.local) };
}
