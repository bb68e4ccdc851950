import { findPayloadTypeCollision, receiveOfferSection, type RemoteDescription, type RemoteMediaSection, type SessionDescription } from '../../sdp/index.js';
import { SfuError } from '../errors.js';
import { stoppedSection, type Section } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import type { PulledTrack } from '../tracks/tracks.js';
import type { TrackResult } from '../types.js';
import type { ClaimResults, PublishOfferClaim, PullClaim } from './claims.js';
import { publishInto, sends } from './publish.js';
import { consumeInto, msidOf, pulledResult } from './pull.js';

/** The SFU's offers (pulls and publish offers) and the client's answers to them. */

/**
 * Adds one section per pull (SFU sends) and per publish claim (client sends) to the session and
 * writes the SFU offer carrying them all. Publishing starts when the client's answer arrives.
 */
export async function offerTracks(
  session: Session,
  pulls: PullClaim[],
  publishes: PublishOfferClaim[] = [],
): Promise<{ offer?: SessionDescription; results: ClaimResults }> {
  const results: ClaimResults = new Map();
  for (const publish of publishes) {
    const mid = session.allocateMid();
    const result: TrackResult = { location: 'local', trackName: publish.trackName, mid, kind: publish.kind };
    const pending = session.sections.all.some((s) => s.role === 'offeredPublish' && s.trackName === publish.trackName);
    if (session.openPublishedTrack(publish.trackName) || pending) {
      results.set(publish, { ...result, ...session.itemError(new SfuError('repeated_local_track_error', `this session already publishes a track named "${publish.trackName}"`)) });
      continue;
    }
    const receive = receiveOfferSection(publish.kind, mid, session.worker.router.rtpCapabilities);
    const local = publish.bidirectional ? { ...receive, bidirectional: {} } : receive;
    const collision = findPayloadTypeCollision([...session.sections.describe(), local]);
    if (collision) {
      results.set(publish, { ...result, ...session.itemError(new SfuError('invalid_session_description', `payload type ${collision.payloadType} is already ${collision.codecs[0]} on this PeerConnection`)) });
      continue;
    }
    session.sections.append({ role: 'offeredPublish', mid, trackName: publish.trackName, local, ...(publish.bidirectional ? { bidirectional: true } : {}) });
    results.set(publish, result);
  }
  let renegotiate = false;
  for (const pull of pulls) {
    const into = pull.mid;
    if (into !== undefined) {
      // mid "#<trackName>": into the bidirectional transceiver publishing that track.
      try {
        const { track, needsOffer } = await pullIntoBidirectional(session, pull, into);
        renegotiate ||= needsOffer;
        results.set(pull, pulledResult(track));
      } catch (error) {
        results.set(pull, { location: 'remote', mid: into, trackName: pull.source.trackName, sessionId: pull.publisherSessionId, ...session.itemError(error, into) });
      }
      continue;
    }
    const mid = session.allocateMid();
    try {
      const track = await consumeInto(session, pull, mid);
      session.sections.append({ role: 'pull', mid, track, msid: msidOf(pull) });
      results.set(pull, pulledResult(track));
      renegotiate = true;
    } catch (error) {
      results.set(pull, { mid, ...session.itemError(error, mid) });
    }
  }
  renegotiate ||= publishes.some((p) => !results.get(p)?.errorCode);
  if (!renegotiate && !session.sections.awaitingAnswer) return { results };
  return { offer: session.offer(), results };
}

/** Applies the client's answer to the SFU's last offer; pulled tracks it accepted start flowing. */
export async function applyClientAnswer(session: Session, remote: RemoteDescription): Promise<void> {
  session.sections.checkAnswer(remote);
  await session.applyRemoteTransport(remote);
  session.sections.answered();
  for (const answered of remote.sections) {
    const section = session.sections.at(answered.index);
    if (!section) continue;
    if (section.role === 'offeredPublish') {
      session.sections.replace(section.mid, await publishAnswered(session, section, answered));
      continue;
    }
    if (section.role === 'data' && answered.rejected) session.sections.replace(section.mid, session.stopSection(section));
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
async function pullIntoBidirectional(session: Session, pull: PullClaim, into: string): Promise<{ track: PulledTrack; needsOffer: boolean }> {
  const name = into.slice(1);
  const section = session.sections.all.find(
    (s): s is Extract<Section, { role: 'publish' }> => s.role === 'publish' && s.track.trackName === name && !s.track.closed,
  );
  if (!into.startsWith('#') || !section) {
    throw new SfuError('invalid_params', `mid ${into}: without an offer, a remote track's mid must be "#<trackName>" of a track this session publishes`);
  }
  if (!section.bidirectional || section.local.type !== 'receive') {
    throw new SfuError('invalid_params', `track "${name}" was not published with bidirectionalMediaStream on a sendrecv transceiver`);
  }
  if (section.bidirectional.pull && !section.bidirectional.pull.closed) {
    throw new SfuError('invalid_params', `the transceiver of "${name}" already carries pulled track "${section.bidirectional.pull.trackName}"`);
  }
  const track = await consumeInto(session, pull, section.mid);
  // The consumer sends with the router's payload type, which must be the one this m-line negotiated.
  const [codec] = track.consumer.rtpParameters.codecs;
  const local = section.local;
  if (!codec || !local.codecs.some((c) => c.payloadType === codec.payloadType && c.mimeType.toLowerCase() === codec.mimeType.toLowerCase())) {
    session.closeTrack(track, 'rejected');
    throw new SfuError('invalid_session_description', `the transceiver of "${name}" negotiated no ${codec?.mimeType} at payload type ${codec?.payloadType}`);
  }
  session.sections.replace(section.mid, { ...section, bidirectional: { pull: track, msid: msidOf(pull) } });
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
  if (!sends(answered)) return stoppedSection(section);
  const { section: published } = await publishInto(session, answered, { trackName: section.trackName, ...(section.bidirectional ? { bidirectional: true } : {}) });
  return published.role === 'publish' ? published : stoppedSection(section);
}
