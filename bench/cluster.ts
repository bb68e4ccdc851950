/**
 * Cluster mode's costs, side by side in one run: a pull within one instance next to a pull
 * across two (time to first decoded frame, CPU per forwarded packet on each instance), and the
 * delay of presence events through Redis next to one process's in-memory bus.
 */
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { EventsDocument, SessionsDocument } from '../schema/generated/operations.js';
import { CallsClient } from '../test/helpers/callsClient.js';
import { startInstance, type ClusterInstance } from '../test/helpers/cluster.js';
import { closePeers, pull, type Subscriber } from '../test/helpers/flows.js';
import { publishTextured } from './fanout.js';
import { processCpuMs } from './load/cpu.js';
import { startRedis } from '../test/helpers/redis.js';
import { startSfu, testApps } from '../test/helpers/sfu.js';
import { eventually } from '../test/helpers/wrtcPeer.js';
import { GraphQLClient } from '../test/schema/support/graphqlClient.js';
import { subscribeOverWebSocket } from '../test/schema/support/subscriptions.js';
import { percentile } from './stats.js';
import type { Table } from './table.js';

const app = testApps[0];
/** CPU ms of a process and its children (the instance's Node process and its mediasoup worker). */
function treeCpuMs(pid: number): number {
  const pids = [pid, ...execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)];
  return pids.reduce((sum, p) => sum + processCpuMs(p), 0);
}

interface PullResult {
  firstFrameMs: number;
  packets: number;
  /** CPU µs per forwarded packet, per instance. */
  cpuPerPacketUs: Record<string, number>;
}

async function measurePull(client: CallsClient, publisher: { sessionId: string; videoTrackName: string }, instances: ClusterInstance[], windowMs: number): Promise<PullResult & { subscriber: Subscriber }> {
  const started = performance.now();
  const subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.videoTrackName }]);
  const mid = subscriber.results[0]!.mid!;
  await eventually('first frame', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 0, 20_000);
  const firstFrameMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1_000));
  const cpuBefore = instances.map((i) => treeCpuMs(i.process.pid!));
  const packetsBefore = await subscriber.peer.packetsReceived('video');
  await new Promise((r) => setTimeout(r, windowMs));
  const packets = (await subscriber.peer.packetsReceived('video')) - packetsBefore;
  const cpuPerPacketUs = Object.fromEntries(instances.map((instance, i) => [instance.id, ((treeCpuMs(instance.process.pid!) - cpuBefore[i]!) * 1000) / Math.max(1, packets)]));
  return { firstFrameMs, packets, cpuPerPacketUs, subscriber };
}

/** Delay from sending sessions/new until a graphql-ws subscriber (on `watchUrl`) hears its SessionCreated. */
async function eventDelays(createUrl: string, watchUrl: string, count: number): Promise<number[]> {
  const { sessions } = await new GraphQLClient((r) => fetch(r), app.secret, `${watchUrl}/graphql`).request(SessionsDocument, {});
  const watch = subscribeOverWebSocket(watchUrl, { secret: app.secret }, EventsDocument, { since: sessions.seq });
  const creator = new CallsClient(createUrl, app.id, app.secret);
  const delays: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const sent = performance.now();
      const { sessionId } = await creator.newSession();
      await watch.log.waitFor('SessionCreated', (e) => e.events.sessionId === sessionId && e.events.__typename === 'SessionCreated', 10_000);
      delays.push(performance.now() - sent);
    }
  } finally {
    await watch.close();
  }
  return delays;
}

export async function runClusterBench({ windowMs = 5_000, events = 50 } = {}): Promise<Table> {
  const redis = await startRedis();
  const instances: ClusterInstance[] = [];
  const peers: Subscriber[] = [];
  let publisher: Awaited<ReturnType<typeof publishTextured>> | undefined;
  try {
    instances.push(...(await Promise.all(['a', 'b'].map((id, i) => startInstance(id, redis.url, i, { SFU_LOG_LEVEL: 'error' })))));
    const store = new Redis(redis.url);
    await eventually('two instances registered', async () => (await store.smembers('sfu:instances')).length === 2, 10_000);
    const owner = async (id: string) => (JSON.parse((await store.get(`sfu:session:${id}`)) ?? '{}') as { owner?: string }).owner;
    const client = new CallsClient(instances[0]!.url, app.id, app.secret);

    // Placement takes the least-loaded instance (ties by id): the publisher lands on a, a
    // filler session on b, so the next session (the local subscriber) lands on a again.
    publisher = await publishTextured(client);
    const source = publisher;
    await eventually('publisher connected', () => source.peer.pc.connectionState === 'connected');
    await client.newSession();
    const local = await measurePull(client, publisher, instances, windowMs);
    const localPlacement = await owner(local.subscriber.sessionId);
    // One subscriber at a time, so each window's CPU is that pull's alone (the publisher's ingest on a in both).
    closePeers([local.subscriber]);
    const cross = await measurePull(client, publisher, instances, windowMs);
    peers.push(cross.subscriber);
    const placed = [await owner(publisher.sessionId), localPlacement, await owner(cross.subscriber.sessionId)];
    closePeers(peers.splice(0));
    publisher.peer.close();
    publisher.media.stop();
    publisher = undefined;

    const clusterDelays = await eventDelays(instances[0]!.url, instances[1]!.url, events);
    store.disconnect();
    const single = await startSfu();
    const singleDelays = await eventDelays(single.url, single.url, events);
    await single.stop();

    const ms = (n: number) => n.toFixed(1);
    const us = (n: number) => n.toFixed(1);
    return {
      title: 'Cluster: a pull within one instance vs across two, and events through Redis',
      columns: [
        { heading: 'case' },
        { heading: 'placed (pub, sub)' },
        { heading: 'first frame ms', align: 'right' },
        { heading: 'video pkts', align: 'right' },
        { heading: 'CPU µs/pkt a', align: 'right' },
        { heading: 'CPU µs/pkt b', align: 'right' },
        { heading: 'event p50 ms', align: 'right' },
        { heading: 'event p95 ms', align: 'right' },
      ],
      rows: [
        ['pull, same instance', `${placed[0]}, ${placed[1]}`, ms(local.firstFrameMs), String(local.packets), us(local.cpuPerPacketUs['a']!), us(local.cpuPerPacketUs['b']!), '', ''],
        ['pull, across instances', `${placed[0]}, ${placed[2]}`, ms(cross.firstFrameMs), String(cross.packets), us(cross.cpuPerPacketUs['a']!), us(cross.cpuPerPacketUs['b']!), '', ''],
        ['events, one process (in memory)', '', '', '', '', '', ms(percentile(singleDelays, 50)), ms(percentile(singleDelays, 95))],
        ['events, a → Redis → b', '', '', '', '', '', ms(percentile(clusterDelays, 50)), ms(percentile(clusterDelays, 95))],
      ],
      notes: [
        `two instances as processes (one mediasoup worker each) on one redis-server, loopback; ${windowMs / 1000} s window per pull, the fan-out's textured 320x240 VP8 (about 600 kbit/s)`,
        'first frame = from tracks/new (no offer) to the subscriber decoding a frame: SFU offer, answer, consumer (and, across, the pipe handshake)',
        'CPU = utime+stime of each instance process and its worker (/proc, 10 ms ticks) over the window, divided by the video packets the subscriber received',
        'the cross-instance row includes the publisher ingest on a both times; b is idle in the local row',
        `event delay = sessions/new sent → SessionCreated heard by a graphql-ws subscriber, ${events} sequential sessions; in the cluster the session is placed by load, the subscriber is on b`,
      ],
    };
  } finally {
    closePeers(peers);
    publisher?.peer.close();
    publisher?.media.stop();
    await Promise.all(instances.map((i) => i.terminate()));
    await redis.stop();
  }
}
