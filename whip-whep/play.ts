import { SfuError, type TrackRequest } from '../src/service/index.js';
import { offerSections } from './offerSections.js';
import { answerOf, closeQuietly, type Created, type StreamRequest } from './publish.js';
import type { StreamResource } from './WhipStreams.js';

/**
 * WHEP (draft-ietf-wish-whep): a new session pulls the stream's tracks into the player's own
 * recvonly offer, each receiving m-section paired with the publisher's next track of its kind.
 * Sections no track pairs with are left out (the answer has them inactive); none paired is 404.
 */
export async function playStream({ service, streams, caller, appId, streamName, offer }: StreamRequest): Promise<Created> {
  const sections = offerSections(offer).filter((s) => s.receives);
  if (sections.length === 0) {
    throw new SfuError('invalid_session_description', 'a WHEP offer needs at least one recvonly or sendrecv audio or video m-section');
  }
  const publisherId = streams.publisher(appId, streamName);
  const publisher = publisherId !== undefined ? await service.findSession(caller, publisherId) : undefined;
  if (!publisherId || !publisher) throw new SfuError('not_found', `no live WHIP stream "${streamName}" in app ${appId}`);

  const available = publisher.tracks.filter((t) => t.location === 'local');
  const tracks: TrackRequest[] = [];
  for (const section of sections) {
    const index = available.findIndex((t) => t.kind === section.kind);
    if (index < 0) continue;
    const [track] = available.splice(index, 1);
    tracks.push({ location: 'remote', mid: section.mid, sessionId: publisherId, trackName: track!.trackName });
  }
  if (tracks.length === 0) {
    const kinds = sections.map((s) => s.kind).join(', ');
    throw new SfuError('not_found_track_error', `stream "${streamName}" has no track of the kinds the offer receives (${kinds})`);
  }

  const { sessionId } = await service.createSession(caller, {});
  try {
    const answer = answerOf(await service.addTracks(caller, sessionId, { sessionDescription: { type: 'offer', sdp: offer }, tracks }));
    const resource: StreamResource = { kind: 'whep', appId, streamName, sessionId, offer, version: 1 };
    streams.add(resource);
    return { ...resource, answer };
  } catch (error) {
    await closeQuietly(service, caller, sessionId);
    throw error;
  }
}
