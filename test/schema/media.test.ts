import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTracksDocument, CloseTracksDocument, SessionDocument } from '../../schema/generated/operations.js';
import type { Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';
import { publish, pull, type GqlSubscriber } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';

describe('media through the GraphQL API', () => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  const peers: (Publisher | GqlSubscriber)[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    gql = new GraphQLClient(sfu.fetch, testApps[0].secret);
  });

  afterAll(async () => {
    for (const p of peers) {
      p.peer.close();
      if ('media' in p) p.media.stop();
    }
    await sfu?.stop();
  });

  it('a subscriber in another session decodes the publisher video and receives its audio', async () => {
    const publisher = await publish(gql, { room: 'stage' });
    peers.push(publisher);
    const subscriber = await pull(gql, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
    ]);
    peers.push(subscriber);

    expect(subscriber.tracks.map((t) => t.__typename)).toEqual(['AddedTrack', 'AddedTrack']);
    const video = expectTypename(subscriber.tracks[0]!, 'AddedTrack');
    expect(video).toMatchObject({ location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.video });
    await eventually('decoded video frames', () => (subscriber.peer.video.get(video.mid!)?.frames ?? 0) > 10);
    await eventually('audio packets', async () => (await subscriber.peer.packetsReceived('audio')) > 50);
    expect(subscriber.peer.video.get(video.mid!)!.width).toBe(publisher.media.width);

    const { session } = await gql.request(SessionDocument, { sessionId: subscriber.sessionId });
    expect(expectTypename(session, 'Session').tracks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: 'remote', kind: 'video', trackName: publisher.tracks.video, sessionId: publisher.sessionId, status: 'active' }),
      ]),
    );
    const published = expectTypename((await gql.request(SessionDocument, { sessionId: publisher.sessionId })).session, 'Session');
    expect(published).toMatchObject({ room: 'stage', connectionState: 'connected' });
    expect(published.tracks.map((t) => [t.location, t.trackName, t.status, t.sessionId])).toEqual([
      ['local', publisher.tracks.audio, 'active', publisher.sessionId],
      ['local', publisher.tracks.video, 'active', publisher.sessionId],
    ]);
  });

  it('pulls an existing and a missing track at once: one AddedTrack, one TrackError', async () => {
    const publisher = peers[0] as Publisher;
    const subscriber = await pull(gql, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
      { sessionId: publisher.sessionId, trackName: 'no-such-track' },
    ]);
    peers.push(subscriber);
    expect(subscriber.tracks.map((t) => (t.__typename === 'TrackError' ? t.code : t.__typename))).toEqual(['AddedTrack', 'not_found_track_error']);
    await eventually('audio packets', async () => (await subscriber.peer.packetsReceived('audio')) > 20);
  });

  it('closes a published track by negotiation and then by force, and the pull of it ends', async () => {
    const publisher = await publish(gql, { prefix: 'closing' });
    peers.push(publisher);
    const subscriber = await pull(gql, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    peers.push(subscriber);
    const pulledMid = expectTypename(subscriber.tracks[0]!, 'AddedTrack').mid!;
    await eventually('decoded video frames', () => (subscriber.peer.video.get(pulledMid)?.frames ?? 0) > 5);

    // Negotiated: the client stops the transceiver, offers, and the SFU answers.
    const transceiver = publisher.peer.pc.getTransceivers().find((t: RTCRtpTransceiver) => t.mid === publisher.mids.video)!;
    transceiver.stop();
    const offer = await publisher.peer.offer();
    const negotiated = await gql.request(CloseTracksDocument, {
      sessionId: publisher.sessionId,
      input: { mids: [publisher.mids.video], sessionDescription: offer },
    });
    const payload = expectTypename(negotiated.closeTracks, 'CloseTracksPayload');
    expect(payload.tracks).toEqual([{ __typename: 'ClosedTrack', mid: publisher.mids.video }]);
    expect(payload.sessionDescription?.type).toBe('answer');
    await publisher.peer.pc.setRemoteDescription(payload.sessionDescription!);

    const pulled = async () =>
      expectTypename((await gql.request(SessionDocument, { sessionId: subscriber.sessionId })).session, 'Session').tracks[0]!.status;
    await eventually('the pull to become inactive', async () => (await pulled()) === 'inactive');

    // Forced: no SDP; closing it again is a per-item close_track_error.
    const forced = await gql.request(CloseTracksDocument, {
      sessionId: publisher.sessionId,
      input: { mids: [publisher.mids.audio, publisher.mids.video], force: true },
    });
    const forcedPayload = expectTypename(forced.closeTracks, 'CloseTracksPayload');
    expect(forcedPayload.sessionDescription).toBeNull();
    expect(forcedPayload.tracks.map((t) => (t.__typename === 'TrackError' ? t.code : t.mid))).toEqual([publisher.mids.audio, 'close_track_error']);
    const state = expectTypename((await gql.request(SessionDocument, { sessionId: publisher.sessionId })).session, 'Session');
    expect(state.tracks.map((t) => t.status)).toEqual(['inactive', 'inactive']);

    // A closed publisher track can no longer be pulled.
    const { addTracks } = await gql.request(AddTracksDocument, {
      sessionId: subscriber.sessionId,
      input: { tracks: [{ location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.audio }] },
    });
    const [item] = expectTypename(addTracks, 'AddTracksPayload').tracks;
    expect(item).toMatchObject({ __typename: 'TrackError', code: 'not_found_track_error' });
  });
});
