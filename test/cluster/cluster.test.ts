/**
 * Three instances as separate processes on one real redis-server, every REST call sent
 * round-robin across them: placement, forwarding, a pull across instances (decoded video), one
 * ordered event stream, and what happens when an instance is killed, when Redis goes away, and
 * when an instance is told to stop.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsDocument, SessionsDocument, type EventsSubscription } from '../../schema/generated/operations.js';
import { CallsClient } from '../helpers/callsClient.js';
import { startInstance, roundRobin, type ClusterInstance } from '../helpers/cluster.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { redisUnavailable, startRedis, type RunningRedis } from '../helpers/redis.js';
import { testApps } from '../helpers/sfu.js';
import { accessToken } from '../helpers/tokens.js';
import { eventually, WrtcPeer } from '../helpers/wrtcPeer.js';
import { GraphQLClient } from '../schema/support/graphqlClient.js';
import { subscribeOverWebSocket, type Subscription } from '../schema/support/subscriptions.js';

const app = testApps[0];
type Event = EventsSubscription['events'];

if (redisUnavailable) console.warn(`skipping the cluster tests: ${redisUnavailable}`);

describe.skipIf(redisUnavailable)('a cluster of three instances on one Redis', () => {
  let redis: RunningRedis;
  let store: Redis;
  const instances: ClusterInstance[] = [];
  const peers: (Publisher | Subscriber)[] = [];
  const dataPeers: WrtcPeer[] = [];
  const subscriptions: Subscription<unknown>[] = [];
  const alive = () => instances.filter((i) => i.process.exitCode === null && i.process.signalCode === null);
  /** Every call to the next live instance, as a round-robin balancer in front of them. */
  const client = new CallsClient(roundRobin(() => alive().map((i) => i.url)), app.id, app.secret);
  const on = (instance: ClusterInstance) => new CallsClient(instance.url, app.id, app.secret);
  const ownerOf = async (sessionId: string) => (JSON.parse((await store.get(`sfu:session:${sessionId}`)) ?? '{}') as { owner?: string }).owner;
  let watch: Subscription<EventsSubscription> & { closed: Promise<unknown> };

  beforeAll(async () => {
    redis = await startRedis();
    store = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    // The test's own reads; the outage below is expected.
    store.on('error', () => {});
    instances.push(...(await Promise.all(['a', 'b', 'c'].map((id, i) => startInstance(id, redis.url, i)))));
    // Placement reads the registry: wait until all three have written their heartbeats.
    await eventually('three instances registered', async () => (await store.smembers('sfu:instances')).length === 3, 10_000);
    const c = instances[2]!;
    const { sessions } = await new GraphQLClient((r) => fetch(r), app.secret, `${c.url}/graphql`).request(SessionsDocument, {});
    watch = subscribeOverWebSocket(c.url, { secret: app.secret }, EventsDocument, { since: sessions.seq });
    subscriptions.push(watch as Subscription<unknown>);
  }, 60_000);

  afterAll(async () => {
    for (const s of subscriptions) await s.close().catch(() => {});
    closePeers(peers);
    for (const peer of dataPeers) peer.close();
    await Promise.all(instances.map((i) => i.terminate()));
    store?.disconnect();
    await redis?.stop();
  }, 60_000);

  const events = () => watch.log.items.map((item) => item.events as Event);

  it("a subscriber on B decodes a publisher on A, every call round-robin; C's subscription sees it all in one gap-free order", async () => {
    const publisher = await publish(client, 'cam');
    peers.push(publisher);
    await eventually('publisher connected', () => publisher.peer.pc.connectionState === 'connected');
    const subscriber = await pull(client, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
    ]);
    peers.push(subscriber);
    expect(subscriber.results.map((t) => t.errorCode)).toEqual([undefined, undefined]);
    expect([await ownerOf(publisher.sessionId), await ownerOf(subscriber.sessionId)]).toEqual(['a', 'b']);
    const videoMid = subscriber.results[0]!.mid!;
    await eventually('decoded video across instances', () => (subscriber.peer.video.get(videoMid)?.frames ?? 0) > 10, 20_000);
    await eventually('audio across instances', async () => (await subscriber.peer.packetsReceived('audio')) > 30);
    expect(subscriber.peer.video.get(videoMid)!.width).toBe(publisher.media.width);

    // Any instance answers for any session, exactly as its owner does.
    const states = await Promise.all(instances.map((i) => on(i).call('GET', `/sessions/${subscriber.sessionId}`)));
    for (const state of states) expect(state).toMatchObject({ status: 200, body: states[0]!.body });
    expect(states[0]!.body).toMatchObject({ tracks: [expect.objectContaining({ location: 'remote', status: 'active' }), expect.anything()] });

    await eventually('the events on C', () => events().filter((e) => e.__typename === 'SessionJoined').length >= 2);
    const seqs = events().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const kinds = events().map((e) => `${e.__typename}:${e.sessionId === publisher.sessionId ? 'A' : 'B'}`);
    expect(kinds).toEqual(expect.arrayContaining(['SessionCreated:A', 'TrackPublished:A', 'SessionJoined:A', 'SessionCreated:B', 'SessionJoined:B']));

    // Presence covers every instance.
    const { sessions } = await new GraphQLClient((r) => fetch(r), app.secret, `${instances[1]!.url}/graphql`).request(SessionsDocument, {});
    expect(sessions.sessions.map((s) => s.sessionId)).toEqual(expect.arrayContaining([publisher.sessionId, subscriber.sessionId]));
  }, 60_000);

  it('a participant with sessions on two instances joins once and leaves once, with its last session', async () => {
    const token = await accessToken({ room: 'spread', identity: 'ann', name: 'Ann' });
    const asAnn = new CallsClient(roundRobin(() => alive().map((i) => i.url)), app.id, token);
    const first = await publish(asAnn, 'ann-1');
    const second = await publish(asAnn, 'ann-2');
    try {
      expect(await ownerOf(first.sessionId)).not.toBe(await ownerOf(second.sessionId));
      await eventually('both connected', () => first.peer.pc.connectionState === 'connected' && second.peer.pc.connectionState === 'connected');
      const ofAnn = (type: string) => events().filter((e) => e.__typename === type && e.identity === 'ann' && e.room === 'spread');
      await eventually('ann joined', () => ofAnn('SessionJoined').length === 2 && ofAnn('ParticipantJoined').length === 1, 15_000);
      first.peer.close();
      await eventually("ann's first session left", () => ofAnn('SessionLeft').length === 1, 20_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(ofAnn('ParticipantLeft')).toEqual([]);
      second.peer.close();
      await eventually('ann left', () => ofAnn('ParticipantLeft').length === 1, 20_000);
      expect(ofAnn('ParticipantJoined')).toHaveLength(1);
      expect(ofAnn('ParticipantJoined')[0]).toMatchObject({ name: 'Ann' });
    } finally {
      closePeers([first, second]);
    }
  }, 60_000);

  it('a DataChannel published on one instance reaches a subscriber on another, and the subscriber replies through it', async () => {
    /** A session whose SCTP transport is up: datachannels/establish, then the SFU's offer answered. */
    const connect = async () => {
      const peer = new WrtcPeer();
      dataPeers.push(peer);
      const { sessionId } = await client.newSession();
      const established = await client.call<{ sessionDescription: { type: 'offer'; sdp: string } }>('POST', `/sessions/${sessionId}/datachannels/establish`, {});
      await client.renegotiate(sessionId, await peer.answer(established.body.sessionDescription));
      await eventually('SCTP up', () => peer.pc.sctp?.state === 'connected');
      return { peer, sessionId };
    };
    const open = async (peer: WrtcPeer, id: number) => {
      const channel = peer.pc.createDataChannel('chat', { negotiated: true, id });
      const received: string[] = [];
      channel.addEventListener('message', (event: MessageEvent) => received.push(String(event.data)));
      await eventually('channel open', () => channel.readyState === 'open');
      return { channel, received };
    };
    const publisher = await connect();
    const subscriber = await connect();
    expect(await ownerOf(publisher.sessionId)).not.toBe(await ownerOf(subscriber.sessionId));
    const published = await client.call<{ dataChannels: { id: number }[] }>('POST', `/sessions/${publisher.sessionId}/datachannels/new`, {
      dataChannels: [{ location: 'local', dataChannelName: 'chat' }],
    });
    const pulled = await client.call<{ dataChannels: { id: number; errorCode?: string }[] }>('POST', `/sessions/${subscriber.sessionId}/datachannels/new`, {
      dataChannels: [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat', canReply: true }],
    });
    expect(pulled.body.dataChannels[0]!.errorCode).toBeUndefined();
    const out = await open(publisher.peer, published.body.dataChannels[0]!.id);
    const into = await open(subscriber.peer, pulled.body.dataChannels[0]!.id);
    for (let i = 0; i < 50 && into.received.length === 0; i++) {
      out.channel.send(`hello ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(into.received[0]).toMatch(/^hello \d+$/);
    for (let i = 0; i < 50 && out.received.length === 0; i++) {
      into.channel.send('back');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out.received).toContain('back');
  }, 40_000);

  it("kill -9 of A: B's pull of A's track ends, B's own session lives on, A's session answers 410 through B", async () => {
    const [publisher, subscriber] = peers as [Publisher, Subscriber];
    const a = instances[0]!;
    const b = instances[1]!;
    await a.kill();
    await eventually(
      "A's session reported left",
      () => events().some((e) => e.__typename === 'SessionLeft' && e.sessionId === publisher.sessionId && e.reason === 'instance_lost'),
      15_000,
    );
    await eventually(
      "B's pull ended",
      () => events().some((e) => e.__typename === 'TrackClosed' && e.sessionId === subscriber.sessionId && e.closeReason === 'publisher_closed'),
      15_000,
    );
    const gone = await on(b).call('GET', `/sessions/${publisher.sessionId}`);
    expect(gone).toMatchObject({ status: 410, body: { errorCode: 'session_error' } });
    const own = await on(b).call<{ tracks: { status: string }[] }>('GET', `/sessions/${subscriber.sessionId}`);
    expect(own.status).toBe(200);
    expect(subscriber.peer.pc.connectionState).toBe('connected');
  }, 40_000);

  it('Redis stopped: new sessions answer 503, media between B and C flows on; Redis back: the cluster recovers by itself', async () => {
    const publisher = await publish(client, 'outage');
    peers.push(publisher);
    await eventually('publisher connected', () => publisher.peer.pc.connectionState === 'connected');
    const subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    peers.push(subscriber);
    expect(new Set([await ownerOf(publisher.sessionId), await ownerOf(subscriber.sessionId)])).toEqual(new Set(['b', 'c']));
    const mid = subscriber.results[0]!.mid!;
    await eventually('video before the outage', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 10, 20_000);

    await redis.stop({ keepData: true });
    const refused = await client.call('POST', '/sessions/new');
    expect(refused).toMatchObject({ status: 503, body: { errorCode: 'temporarily_unavailable_error' } });
    const before = subscriber.peer.video.get(mid)!.frames;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(subscriber.peer.video.get(mid)!.frames).toBeGreaterThan(before + 20);

    await redis.start();
    await eventually('sessions/new works again', async () => (await client.call('POST', '/sessions/new')).status === 201, 20_000);
    await eventually('every live instance registered again', async () => (await store.exists('sfu:instance:b', 'sfu:instance:c')) === 2, 10_000);
    const after = await client.call('GET', `/sessions/${subscriber.sessionId}`);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
  }, 60_000);

  it("SIGTERM on C: placement skips it at once, its sessions leave with reason shutdown, B goes on; C's subscriber resumes on B with since, missing nothing", async () => {
    const c = instances[2]!;
    const onC = (await Promise.all(peers.map(async (p) => ((await ownerOf(p.sessionId)) === 'c' ? p.sessionId : undefined)))).filter(Boolean);
    expect(onC.length).toBeGreaterThan(0);
    const b = instances[1]!;
    const stopping = c.terminate();
    await eventually('C draining', async () => (JSON.parse((await store.get('sfu:instance:c')) ?? '{"draining":true}') as { draining: boolean }).draining, 5_000);
    for (let i = 0; i < 3; i++) {
      const created = await on(b).call<{ sessionId: string }>('POST', '/sessions/new');
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await ownerOf(created.body.sessionId)).toBe('b');
    }
    await stopping;
    // C's subscription ended with C; its subscriber resumes on B from the last event it saw.
    const lastSeen = events().at(-1)!.seq;
    const fromB = subscribeOverWebSocket(b.url, { secret: app.secret }, EventsDocument, { since: lastSeen });
    subscriptions.push(fromB as Subscription<unknown>);
    await eventually(
      "C's sessions left",
      () => onC.every((id) => [...events(), ...fromB.log.items.map((item) => item.events as Event)].some((e) => e.__typename === 'SessionLeft' && e.sessionId === id && e.reason === 'shutdown')),
      15_000,
    );
    const seqs = [...events(), ...fromB.log.items.map((item) => item.events as Event)].map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect((await on(b).call('POST', '/sessions/new')).status).toBe(201);
  }, 60_000);
});
