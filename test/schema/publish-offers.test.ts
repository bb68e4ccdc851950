import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTracksDocument, RenegotiateDocument, SessionDocument } from '../../schema/generated/operations.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';
import { createSession, pull } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';

describe('addTracks through the GraphQL API: SFU-made publish offers and autoDiscover', () => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  const media = new SyntheticMedia();
  const peers: WrtcPeer[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    gql = new GraphQLClient(sfu.fetch, testApps[0].secret);
  });

  afterAll(async () => {
    for (const peer of peers) peer.close();
    media.stop();
    await sfu?.stop();
  });

  it('publishes tracks given by kind: the SFU offers, the client answers through renegotiate, media flows', async () => {
    const publisher = new WrtcPeer();
    peers.push(publisher);
    const sessionId = await createSession(gql);
    const { addTracks } = await gql.request(AddTracksDocument, {
      sessionId,
      input: {
        tracks: [
          { location: 'local', trackName: 'mic', kind: 'audio' },
          { location: 'local', trackName: 'cam', kind: 'video' },
        ],
      },
    });
    const payload = expectTypename(addTracks, 'AddTracksPayload');
    expect(payload.requiresImmediateRenegotiation).toBe(true);
    expect(payload.sessionDescription?.type).toBe('offer');
    const added = payload.tracks.map((t) => expectTypename(t, 'AddedTrack'));
    expect(added.map((t) => [t.location, t.trackName, t.kind])).toEqual([
      ['local', 'mic', 'audio'],
      ['local', 'cam', 'video'],
    ]);

    await publisher.pc.setRemoteDescription(payload.sessionDescription!);
    for (const transceiver of publisher.pc.getTransceivers() as RTCRtpTransceiver[]) {
      const track = transceiver.mid === added[0]!.mid ? media.audioTrack : media.videoTrack;
      await transceiver.sender.replaceTrack(track);
      transceiver.direction = 'sendonly';
    }
    await publisher.pc.setLocalDescription(await publisher.pc.createAnswer());
    const { renegotiate } = await gql.request(RenegotiateDocument, { sessionId, sessionDescription: publisher.local() });
    expectTypename(renegotiate, 'RenegotiatePayload');

    const subscriber = await pull(gql, [{ sessionId, trackName: 'cam' }]);
    peers.push(subscriber.peer);
    const mid = expectTypename(subscriber.tracks[0]!, 'AddedTrack').mid!;
    await eventually('decoded frames of the SFU-offered track', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
  });

  it('autoDiscover: the discovered tracks follow the requested ones as AddedTrack items with generated names', async () => {
    const publisher = new WrtcPeer();
    peers.push(publisher);
    const audio = publisher.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
    publisher.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
    const sessionId = await createSession(gql);
    const { addTracks } = await gql.request(AddTracksDocument, {
      sessionId,
      input: {
        sessionDescription: await publisher.offer(),
        tracks: [{ location: 'local', mid: audio.mid, trackName: 'named-mic' }],
        autoDiscover: true,
      },
    });
    const payload = expectTypename(addTracks, 'AddTracksPayload');
    await publisher.pc.setRemoteDescription(payload.sessionDescription!);
    const added = payload.tracks.map((t) => expectTypename(t, 'AddedTrack'));
    expect(added.map((t) => [t.location, t.mid])).toEqual([
      ['local', '0'],
      ['local', '1'],
    ]);
    expect(added[0]!.trackName).toBe('named-mic');
    const discovered = added[1]!.trackName!;
    expect(discovered).toBe(media.videoTrack.id);

    const subscriber = await pull(gql, [{ sessionId, trackName: discovered }]);
    peers.push(subscriber.peer);
    const mid = expectTypename(subscriber.tracks[0]!, 'AddedTrack').mid!;
    await eventually('decoded frames of the discovered track', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
    const state = expectTypename((await gql.request(SessionDocument, { sessionId })).session, 'Session');
    expect(state.tracks.map((t) => [t.trackName, t.kind, t.status])).toEqual([
      ['named-mic', 'audio', 'active'],
      [discovered, 'video', 'active'],
    ]);
  });
});
