import { SfuError, type AddTracksResult, type Caller, type SfuApi } from '../src/service/index.js';
import { offerSections, trackNames } from './offerSections.js';
import { HttpRefusal } from './responses.js';
import type { StreamResource, WhipStreams } from './WhipStreams.js';

/** What a WHIP or WHEP POST works with once its caller and offer are known. */
export interface StreamRequest {
  service: SfuApi;
  streams: WhipStreams;
  caller: Caller;
  appId: string;
  streamName: string;
  offer: string;
}

/** A created resource and the SFU's answer to the client's offer. */
export type Created = StreamResource & { answer: string };

/**
 * WHIP (RFC 9725): a new session publishes one track per sending m-section, named after its kind
 * (`audio`, `video`), and the stream name points at it until the session ends. A live name is 409.
 */
export async function publishStream({ service, streams, caller, appId, streamName, offer }: StreamRequest): Promise<Created> {
  const sections = offerSections(offer).filter((s) => s.sends);
  if (sections.length === 0) {
    throw new SfuError('invalid_session_description', 'a WHIP offer needs at least one sendonly or sendrecv audio or video m-section');
  }
  // Refused before a session exists, so the room never sees a participant come and go for nothing.
  if (caller.participant && !caller.participant.grants.canPublish) {
    throw new SfuError('unauthorized', 'this access token does not grant canPublish: it cannot publish a WHIP stream');
  }
  await claimStreamName(service, streams, caller, appId, streamName);
  let sessionId: string | undefined;
  try {
    sessionId = (await service.createSession(caller, {})).sessionId;
    const names = trackNames(sections);
    const result = await service.addTracks(caller, sessionId, {
      sessionDescription: { type: 'offer', sdp: offer },
      tracks: sections.map(({ mid }, i) => ({ location: 'local', mid, trackName: names[i]! })),
    });
    const answer = answerOf(result);
    const resource: StreamResource = { kind: 'whip', appId, streamName, sessionId, offer, version: 1 };
    streams.add(resource);
    return { ...resource, answer };
  } catch (error) {
    streams.release(appId, streamName);
    if (sessionId !== undefined) await closeQuietly(service, caller, sessionId);
    throw error;
  }
}

/** Takes the name, or refuses with 409 while its publisher's session is live. */
async function claimStreamName(service: SfuApi, streams: WhipStreams, caller: Caller, appId: string, streamName: string): Promise<void> {
  if (streams.claim(appId, streamName)) return;
  const current = streams.publisher(appId, streamName);
  // A publisher whose end this face missed (another instance's event lost) must not hold the name forever.
  if (current !== undefined && !(await service.findSession({ app: caller.app }, current))) {
    streams.forget(current);
    if (streams.claim(appId, streamName)) return;
  }
  throw new HttpRefusal(409, 'invalid_params', `stream "${streamName}" already has a live publisher; DELETE its resource first or publish under another name`);
}

/**
 * The SFU's answer, only when every requested track was set up: a WHIP/WHEP client cannot read
 * per-item errors, so one failed item fails the whole request with that item's code.
 */
/** The Retry-After of a 503 for a stream whose publisher has sent no media yet. */
const emptyTrackRetryMs = 1000;

export function answerOf(result: AddTracksResult): string {
  const failed = result.tracks.find((t) => t.errorCode !== undefined);
  if (failed) {
    const description = failed.errorDescription ?? `track ${failed.trackName ?? failed.mid ?? ''} failed`;
    // A publisher still connecting has sent nothing yet: a player should retry shortly, not give up.
    if (failed.errorCode === 'empty_track_error') throw new SfuError('temporarily_unavailable_error', description, undefined, emptyTrackRetryMs);
    throw new SfuError(failed.errorCode!, description);
  }
  if (!result.sessionDescription) throw new SfuError('internal_error', 'the SFU produced no answer to the offer');
  return result.sessionDescription.sdp;
}

export async function closeQuietly(service: SfuApi, caller: Caller, sessionId: string): Promise<void> {
  try {
    await service.closeSession(caller, sessionId);
  } catch {
    // Already gone: nothing left to undo.
  }
}
