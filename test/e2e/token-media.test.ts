import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessTokenDocument, MuteTracksDocument, RoomDocument, RoomEventsDocument, type RoomEventsSubscription } from '../../schema/generated/operations.js';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';
import { expectTypename, GraphQLClient } from '../schema/support/graphqlClient.js';
import { subscribeOverWebSocket, type Subscription } from '../schema/support/subscriptions.js';

type RoomEvent = RoomEventsSubscription['events'];

describe('media between two token holders', () => {
  let sfu: RunningSfu;
  let admin: GraphQLClient;
  const peers: (Publisher | Subscriber)[] = [];
  const subscriptions: Subscription<unknown>[] = [];

  /** A token minted by the app's backend through createAccessToken. */
  async function token(identity: string, name: string): Promise<string> {
    const { createAccessToken } = await admin.request(CreateAccessTokenDocument, { input: { room: 'studio', identity, name, ttlSeconds: 600 } });
    return expectTypename(createAccessToken, 'AccessToken').token;
  }

  beforeAll(async () => {
    // A short inactivity window, so the test can show a muted track outlives it.
    sfu = await startSfu({ timing: { trackInactiveMs: 2_000 } });
    admin = new GraphQLClient((request) => fetch(request), testApps[0].secret, `${sfu.url}/graphql`);
  });

  afterAll(async () => {
    for (const s of subscriptions) await s.close();
    closePeers(peers);
    await sfu?.stop();
  });

  it('publish and pull with tokens over REST; presence names the participant; mute pauses media without closing the track', async () => {
    const annToken = await token('ann', 'Ann');
    const bobToken = await token('bob', 'Bob');
    const ann = new CallsClient(sfu.url, testApps[0].id, annToken);
    const bob = new CallsClient(sfu.url, testApps[0].id, bobToken);
    const bobGraphQL = new GraphQLClient((request) => fetch(request), bobToken, `${sfu.url}/graphql`);
    const annGraphQL = new GraphQLClient((request) => fetch(request), annToken, `${sfu.url}/graphql`);

    // bob follows the room over graphql-ws with his token (no room argument: his token's room), from its snapshot's seq.
    const snapshot = expectTypename((await bobGraphQL.request(RoomDocument, { name: 'studio' })).room, 'Room');
    const watch = subscribeOverWebSocket(sfu.url, { token: bobToken }, RoomEventsDocument, { since: snapshot.seq });
    subscriptions.push(watch as Subscription<unknown>);
    const events = watch.log;

    const publisher = await publish(ann, 'ann');
    peers.push(publisher);
    const subscriber = await pull(bob, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
    ]);
    peers.push(subscriber);
    expect(subscriber.results.map((t) => t.errorCode)).toEqual([undefined, undefined]);
    const videoMid = subscriber.results[0]!.mid!;
    await eventually('bob decodes ann', () => (subscriber.peer.video.get(videoMid)?.frames ?? 0) > 10);
    await eventually('bob hears ann', async () => (await subscriber.peer.packetsReceived('audio')) > 30);

    // The session carries the token's room, identity and name; the participant joined after its session did.
    const joined = await events.waitFor('ann joined', (e) => e.events.__typename === 'ParticipantJoined' && e.events.identity === 'ann');
    const sessionJoined = events.items.find((e) => e.events.__typename === 'SessionJoined' && e.events.sessionId === publisher.sessionId)!;
    expect(joined.events).toMatchObject({ room: 'studio', sessionId: publisher.sessionId, name: 'Ann', participant: { identity: 'ann', name: 'Ann' } });
    expect(joined.events.seq).toBe(sessionJoined.events.seq + 1);
    const { room } = await bobGraphQL.request(RoomDocument, { name: 'studio' });
    const studio = expectTypename(room, 'Room');
    expect(studio.participants.map((p) => [p.identity, p.name])).toEqual([
      ['ann', 'Ann'],
      ['bob', 'Bob'],
    ]);
    expect(studio.participants[0]!.tracks.map((t) => t.trackName).sort()).toEqual([publisher.tracks.audio, publisher.tracks.video].sort());

    // ann mutes her camera: bob's video stops, the track stays open past the inactivity window, bob hears of it.
    const { muteTracks } = await annGraphQL.request(MuteTracksDocument, { sessionId: publisher.sessionId, tracks: [{ mid: publisher.mids.video, muted: true }] });
    expect(expectTypename(muteTracks, 'MuteTracksPayload').tracks).toEqual([{ __typename: 'MutedTrack', mid: publisher.mids.video, muted: true }]);
    await events.waitFor('TrackMuted', (e) => e.events.__typename === 'TrackMuted' && e.events.muted === true);
    await new Promise((r) => setTimeout(r, 500));
    const framesWhenMuted = subscriber.peer.video.get(videoMid)!.frames;
    await new Promise((r) => setTimeout(r, 3_500));
    expect(subscriber.peer.video.get(videoMid)!.frames - framesWhenMuted).toBeLessThan(3);
    const state = await ann.getSession(publisher.sessionId);
    expect(state.tracks.find((t) => t.mid === publisher.mids.video)).toMatchObject({ status: 'active' });
    expect(events.items.some((e) => e.events.__typename === 'TrackInactive')).toBe(false);
    // bob cannot mute ann.
    const { muteTracks: refused } = await bobGraphQL.request(MuteTracksDocument, { sessionId: publisher.sessionId, tracks: [{ mid: publisher.mids.audio, muted: true }] });
    expect(refused).toMatchObject({ __typename: 'SfuError', code: 'unauthorized' });

    await annGraphQL.request(MuteTracksDocument, { sessionId: publisher.sessionId, tracks: [{ mid: publisher.mids.video, muted: false }] });
    const framesAtUnmute = subscriber.peer.video.get(videoMid)!.frames;
    await eventually('video again after unmute', () => subscriber.peer.video.get(videoMid)!.frames > framesAtUnmute + 10);

    // ann leaves: her session ends, then she does, and bob's pulls end with her.
    const closed = await ann.call('PUT', `/sessions/${publisher.sessionId}/tracks/close`, { tracks: [{ mid: publisher.mids.audio }, { mid: publisher.mids.video }], force: true });
    expect(closed.status).toBe(200);
    publisher.peer.close();
    const left = await events.waitFor('ann left', (e: { events: RoomEvent }) => e.events.__typename === 'ParticipantLeft' && e.events.identity === 'ann', 20_000);
    const sessionLeft = events.items.find((e) => e.events.__typename === 'SessionLeft' && e.events.sessionId === publisher.sessionId)!;
    expect(left.events.seq).toBe(sessionLeft.events.seq + 1);
    expect(events.error).toBeUndefined();
  }, 60_000);
});
