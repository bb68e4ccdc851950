import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTracksDocument, RenegotiateDocument, SessionDocument, UpdateTracksDocument } from '../../schema/generated/operations.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';
import { createSession, pull, type GqlSubscriber } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';

describe('updateTracks through the GraphQL API', () => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  const small = new SyntheticMedia(320, 240);
  const large = new SyntheticMedia(640, 480);
  const hd = new SyntheticMedia(1280, 720);
  const peers: WrtcPeer[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ media: { workers: 2 } });
    gql = new GraphQLClient(sfu.fetch, testApps[0].secret);
  });

  afterAll(async () => {
    for (const peer of peers) peer.close();
    for (const media of [small, large, hd]) media.stop();
    await sfu?.stop();
  });

  /** Publishes one video track (with simulcast layers, if `rids`) over GraphQL: client offer -> addTracks -> answer. */
  async function publishVideo(media: SyntheticMedia, trackName: string, rids: string[] = []): Promise<string> {
    const peer = new WrtcPeer();
    peers.push(peer);
    const transceiver = peer.pc.addTransceiver(media.videoTrack, {
      direction: 'sendonly',
      ...(rids.length ? { sendEncodings: rids.map((rid, i) => ({ rid, scaleResolutionDownBy: 2 ** (rids.length - 1 - i) })) } : {}),
    });
    const sessionId = await createSession(gql);
    const { addTracks } = await gql.request(AddTracksDocument, {
      sessionId,
      input: { sessionDescription: await peer.offer(), tracks: [{ location: 'local', mid: transceiver.mid, trackName }] },
    });
    const payload = expectTypename(addTracks, 'AddTracksPayload');
    expect(payload.tracks.map((t) => t.__typename)).toEqual(['AddedTrack']);
    await peer.pc.setRemoteDescription(payload.sessionDescription!);
    return sessionId;
  }

  async function subscribe(tracks: Parameters<typeof pull>[1]): Promise<{ subscriber: GqlSubscriber; mid: string }> {
    const subscriber = await pull(gql, tracks);
    peers.push(subscriber.peer);
    return { subscriber, mid: expectTypename(subscriber.tracks[0]!, 'AddedTrack').mid! };
  }

  const widthAt = (subscriber: GqlSubscriber, mid: string) => subscriber.peer.video.get(mid)?.width ?? 0;
  let repointed: { subscriber: GqlSubscriber; mid: string };

  it('re-points a receiving transceiver at another track: the SFU offer is answered through renegotiate, frames follow', async () => {
    const a = await publishVideo(small, 'a-cam');
    const b = await publishVideo(large, 'b-cam');
    repointed = await subscribe([{ sessionId: a, trackName: 'a-cam' }]);
    const { subscriber, mid } = repointed;
    await eventually('frames of a-cam (320x240)', () => widthAt(subscriber, mid) === 320);
    const transceivers = subscriber.peer.pc.getTransceivers().length;

    const { updateTracks } = await gql.request(UpdateTracksDocument, {
      sessionId: subscriber.sessionId,
      input: { tracks: [{ location: 'remote', mid, sessionId: b, trackName: 'b-cam' }] },
    });
    const payload = expectTypename(updateTracks, 'UpdateTracksPayload');
    expect(payload.tracks).toEqual([{ __typename: 'UpdatedTrack', mid, sessionId: b, trackName: 'b-cam' }]);
    expect(payload.requiresImmediateRenegotiation).toBe(true);
    expect(payload.sessionDescription?.type).toBe('offer');

    const answer = await subscriber.peer.answer(payload.sessionDescription!);
    const { renegotiate } = await gql.request(RenegotiateDocument, { sessionId: subscriber.sessionId, sessionDescription: answer });
    expect(expectTypename(renegotiate, 'RenegotiatePayload')).toMatchObject({ requiresImmediateRenegotiation: false, sessionDescription: null });

    const before = subscriber.peer.video.get(mid)?.frames ?? 0;
    await eventually('frames of b-cam (640x480) on the same transceiver', () => widthAt(subscriber, mid) === 640);
    await eventually('more decoded frames', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > before + 10);
    expect(subscriber.peer.pc.getTransceivers()).toHaveLength(transceivers);
    const state = expectTypename((await gql.request(SessionDocument, { sessionId: subscriber.sessionId })).session, 'Session');
    expect(state.tracks.filter((t) => t.status === 'active').map((t) => [t.location, t.mid, t.sessionId, t.trackName])).toEqual([
      ['remote', mid, b, 'b-cam'],
    ]);
  });

  it('fails per item, as TrackError with the REST codes, what it cannot do', async () => {
    const { subscriber, mid } = repointed;
    const { updateTracks } = await gql.request(UpdateTracksDocument, {
      sessionId: subscriber.sessionId,
      input: {
        tracks: [
          { location: 'remote', mid: '99', sessionId: subscriber.sessionId, trackName: 'x' },
          { location: 'remote', mid, sessionId: subscriber.sessionId, trackName: 'nothing' },
          { location: 'local', mid, sessionId: subscriber.sessionId, trackName: 'x' },
        ],
      },
    });
    const payload = expectTypename(updateTracks, 'UpdateTracksPayload');
    expect(payload.tracks.map((t) => (t.__typename === 'TrackError' ? t.code : t.__typename))).toEqual([
      'update_track_error',
      'not_found_track_error',
      'invalid_params',
    ]);
    expect(payload.tracks[0]).toMatchObject({ failedMid: '99', trackName: 'x', sessionId: subscriber.sessionId });
    expect(payload.requiresImmediateRenegotiation).toBe(false);
    expect(payload.sessionDescription).toBeNull();

    const { updateTracks: unknown } = await gql.request(UpdateTracksDocument, { sessionId: 'no-such-session', input: { tracks: [] } });
    expect(unknown).toMatchObject({ __typename: 'SfuError', code: 'not_found' });
  });

  it('changes the simulcast layer of a receiving transceiver without renegotiation', async () => {
    const publisher = await publishVideo(hd, 'screen', ['c', 'b', 'a']);
    const { subscriber, mid } = await subscribe([{ sessionId: publisher, trackName: 'screen', simulcast: { preferredRid: 'c' } }]);
    await eventually('layer c (320x180)', () => widthAt(subscriber, mid) === 320, 20_000);

    const { updateTracks } = await gql.request(UpdateTracksDocument, {
      sessionId: subscriber.sessionId,
      input: {
        tracks: [
          {
            location: 'remote',
            mid,
            sessionId: publisher,
            trackName: 'screen',
            simulcast: { preferredRid: 'b', priorityOrdering: 'asciibetical', ridNotAvailable: 'asciibetical' },
          },
        ],
      },
    });
    expect(updateTracks).toEqual({
      __typename: 'UpdateTracksPayload',
      requiresImmediateRenegotiation: false,
      sessionDescription: null,
      tracks: [{ __typename: 'UpdatedTrack', mid, sessionId: publisher, trackName: 'screen' }],
    });
    await eventually('layer b (640x360)', () => widthAt(subscriber, mid) === 640, 20_000);
    const state = expectTypename((await gql.request(SessionDocument, { sessionId: subscriber.sessionId })).session, 'Session');
    expect(state.tracks).toEqual([expect.objectContaining({ mid, trackName: 'screen', status: 'active', simulcast: { preferredRid: 'b' } })]);
  });
});
