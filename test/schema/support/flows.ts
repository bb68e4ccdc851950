import {
  AddTracksDocument,
  CreateSessionDocument,
  RenegotiateDocument,
  type AddTracksMutation,
  type CreateSessionInput,
  type SimulcastInput,
} from '../../../schema/generated/operations.js';
import type { Publisher } from '../../helpers/flows.js';
import { SyntheticMedia, WrtcPeer } from '../../helpers/wrtcPeer.js';
import { expectTypename, type GraphQLClient } from './graphqlClient.js';

type AddTracksPayload = Extract<AddTracksMutation['addTracks'], { __typename: 'AddTracksPayload' }>;

export async function createSession(client: GraphQLClient, input: CreateSessionInput = {}): Promise<string> {
  const { createSession } = await client.request(CreateSessionDocument, { input });
  return expectTypename(createSession, 'CreateSessionPayload').sessionId;
}

/** Publishes synthetic audio+video over GraphQL: createSession -> client offer -> addTracks -> answer. */
export async function publish(client: GraphQLClient, options: { prefix?: string; room?: string; identity?: string; metadata?: unknown } = {}): Promise<Publisher> {
  const { prefix = 'cam', ...session } = options;
  const media = new SyntheticMedia();
  const peer = new WrtcPeer();
  const audio = peer.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
  const video = peer.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
  const sessionId = await createSession(client, session);
  const offer = await peer.offer();
  const tracks = { audio: `${prefix}-audio`, video: `${prefix}-video` };
  const mids = { audio: audio.mid!, video: video.mid! };
  const { addTracks } = await client.request(AddTracksDocument, {
    sessionId,
    input: {
      sessionDescription: offer,
      tracks: [
        { location: 'local', mid: mids.audio, trackName: tracks.audio },
        { location: 'local', mid: mids.video, trackName: tracks.video },
      ],
    },
  });
  const payload = expectTypename(addTracks, 'AddTracksPayload');
  const failed = payload.tracks.filter((t) => t.__typename === 'TrackError');
  if (failed.length > 0) throw new Error(`publish failed: ${JSON.stringify(failed)}`);
  await peer.pc.setRemoteDescription(payload.sessionDescription!);
  return { peer, media, sessionId, tracks, mids };
}

export interface GqlSubscriber {
  peer: WrtcPeer;
  sessionId: string;
  tracks: AddTracksPayload['tracks'];
}

/** Pulls tracks over GraphQL: addTracks without offer -> SFU offer -> client answer -> renegotiate. */
export async function pull(
  client: GraphQLClient,
  tracks: { sessionId: string; trackName: string; simulcast?: SimulcastInput }[],
  options: { room?: string } = {},
): Promise<GqlSubscriber> {
  const peer = new WrtcPeer();
  const sessionId = await createSession(client, options);
  const { addTracks } = await client.request(AddTracksDocument, {
    sessionId,
    input: { tracks: tracks.map((t) => ({ location: 'remote' as const, ...t })) },
  });
  const payload = expectTypename(addTracks, 'AddTracksPayload');
  if (payload.sessionDescription) {
    if (!payload.requiresImmediateRenegotiation) throw new Error('an SFU offer must require renegotiation');
    const answer = await peer.answer(payload.sessionDescription);
    const { renegotiate } = await client.request(RenegotiateDocument, { sessionId, sessionDescription: answer });
    expectTypename(renegotiate, 'RenegotiatePayload');
  }
  return { peer, sessionId, tracks: payload.tracks };
}
