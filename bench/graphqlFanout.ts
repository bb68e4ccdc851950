/**
 * GraphQL fan-out, scenario (e): many graphql-ws and SSE subscribers on one room's `events`, all
 * in this one client process, while sessions join the room (libdatachannel peers that really
 * connect) and leave it (closeSession). Measures each event's delivery lag at every subscriber,
 * the SFU Node process's memory per subscriber, and CPU (SFU Node, workers, this client process).
 */
import { CallsClient } from '../test/helpers/callsClient.js';
import { testApps } from '../test/helpers/sfu.js';
import { summarize } from './summary.js';
import { graphqlFanoutTable, type DeliveryRow, type FanoutMode, type GraphqlFanoutResult } from './graphqlFanoutReport.js';
import { processCpuMs, usageMs } from './load/cpu.js';
import { SseEventSubscriber, WsEventSubscriber, type EventTransport, type ReceivedEvent } from './load/eventSubscribers.js';
import { closeSessionNow, createRoomSession } from './load/graphqlHttp.js';
import { settleAll } from './load/pool.js';
import { processRssBytes } from './load/procfs.js';
import { RoomJoiner } from './load/roomJoiner.js';
import { SfuProcess } from './sfuProcess.js';
import { nowMs, sleep } from './stats.js';
import type { Table } from './table.js';

export interface GraphqlFanoutBenchOptions {
  /** @default 1000 */
  wsSubscribers?: number;
  /** @default 200 */
  sseSubscribers?: number;
  /** Sessions that join at once in a round (then leave at once), one set of rounds per value. @default [1, 10] */
  joinsAtOnce?: number[];
  /** Rounds per value of `joinsAtOnce`. @default 10 */
  rounds?: number;
  /** mediasoup workers of the SFU under test. @default 2 */
  workers?: number;
  /** Subscribers connecting at once. @default 50 */
  openConcurrency?: number;
}

const app = testApps[0];
const roomName = 'bench-fanout';
/**
 * How long every subscriber gets to receive one awaited event before the bench counts the rest
 * missing; once one wait ran out (a subscriber lost), later ones are cut short, so the run stays bounded.
 */
const deliveryWaitMs = { first: 10_000, afterLoss: 1_000 };

/** The events one join and its leave cause, each delivered to every subscriber. */
const kinds = ['SessionCreated', 'TrackPublished', 'SessionJoined', 'TrackClosed', 'SessionLeft'] as const;

/** Counts deliveries per session and kind (for barriers), and keeps the lag of those that count. */
class Deliveries {
  readonly #counts = new Map<string, number>();
  readonly lags = new Map<EventTransport, Map<string, number[]>>();
  /** Off while probes run: only the rounds' events are measured. */
  measuring = false;
  #lost = false;

  readonly sink = (transport: EventTransport, event: ReceivedEvent): void => {
    const key = `${event.sessionId}|${event.typename}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    if (!this.measuring) return;
    let byKind = this.lags.get(transport);
    if (!byKind) this.lags.set(transport, (byKind = new Map()));
    let samples = byKind.get(event.typename);
    if (!samples) byKind.set(event.typename, (samples = []));
    samples.push(event.lagMs);
  };

  /** The lags measured so far, forgotten here. */
  take(): Map<EventTransport, Map<string, number[]>> {
    const lags = new Map(this.lags);
    this.lags.clear();
    return lags;
  }

  count(sessionId: string, typename: string): number {
    return this.#counts.get(`${sessionId}|${typename}`) ?? 0;
  }

  /** Waits until each session's `typename` reached `subscribers` deliveries (or the wait ends). */
  async await(sessionIds: string[], typename: string, subscribers: number): Promise<void> {
    const deadline = nowMs() + (this.#lost ? deliveryWaitMs.afterLoss : deliveryWaitMs.first);
    const due = (): boolean => sessionIds.some((id) => this.count(id, typename) < subscribers);
    while (due() && nowMs() < deadline) await sleep(5);
    if (due()) this.#lost = true;
  }

}

/** Rows per transport: SessionJoined, SessionLeft, and every kind together. */
function deliveryRows(lags: Map<EventTransport, Map<string, number[]>>, subscribers: Record<EventTransport, number>, joins: number): DeliveryRow[] {
  return (['graphql-ws', 'sse'] as const).flatMap((transport) => {
    const byKind = lags.get(transport) ?? new Map<string, number[]>();
    const row = (event: string, samples: number[], due: number): DeliveryRow => ({
      transport,
      event,
      subscribers: subscribers[transport],
      deliveries: samples.length,
      missing: Math.max(0, due - samples.length),
      latencyMs: summarize(samples),
    });
    const due = joins * subscribers[transport];
    return [
      row('SessionJoined', byKind.get('SessionJoined') ?? [], due),
      row('SessionLeft', byKind.get('SessionLeft') ?? [], due),
      row('all', kinds.flatMap((kind) => byKind.get(kind) ?? []), due * kinds.length),
    ];
  });
}

/** A session created and closed in the room, awaited at every subscriber: they are all live (and warm). */
async function probe(url: string, deliveries: Deliveries, subscribers: number): Promise<void> {
  const sessionId = await createRoomSession(url, app.secret, roomName);
  await deliveries.await([sessionId], 'SessionCreated', subscribers);
  await closeSessionNow(url, app.secret, sessionId);
  await deliveries.await([sessionId], 'SessionLeft', subscribers);
}

interface CpuSnapshot {
  atMs: number;
  sfuNodeMs: number;
  workersMs: number;
  clientMs: number;
}

async function cpuOf(sfu: SfuProcess): Promise<CpuSnapshot> {
  return {
    atMs: nowMs(),
    sfuNodeMs: usageMs(await sfu.cpuUsage()),
    workersMs: sfu.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    clientMs: usageMs(process.cpuUsage()),
  };
}

function cpuOver(before: CpuSnapshot, after: CpuSnapshot, deliveries: number): FanoutMode['cpu'] {
  const windowMs = after.atMs - before.atMs;
  const percent = (ms: number): number => (ms * 100) / windowMs;
  return {
    windowMs,
    sfuNodePercent: percent(after.sfuNodeMs - before.sfuNodeMs),
    workersPercent: percent(after.workersMs - before.workersMs),
    clientPercent: percent(after.clientMs - before.clientMs),
    sfuNodeUsPerDelivery: ((after.sfuNodeMs - before.sfuNodeMs) * 1000) / deliveries,
  };
}

/** Everything one set of rounds needs. */
interface Room {
  sfu: SfuProcess;
  client: CallsClient;
  deliveries: Deliveries;
  subscribers: Record<EventTransport, number>;
  /** Every joiner, so the run can make sure all have left. */
  joiners: RoomJoiner[];
}

/** `rounds` times: `atOnce` sessions join, every SessionJoined is awaited at every subscriber; they leave, every SessionLeft is awaited. */
async function runRounds(room: Room, atOnce: number, rounds: number): Promise<FanoutMode> {
  const { sfu, client, deliveries } = room;
  const total = room.subscribers['graphql-ws'] + room.subscribers.sse;
  const before = await cpuOf(sfu);
  deliveries.measuring = true;
  let joins = 0;
  let firstJoinFailure: string | undefined;
  for (let round = 0; round < rounds; round++) {
    const joined = await Promise.allSettled(Array.from({ length: atOnce }, (_, i) => RoomJoiner.join(client, sfu.url, roomName, `joiner-${atOnce}-${round}-${i}`)));
    const live = joined.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of joined) if (r.status === 'rejected') firstJoinFailure ??= String((r.reason as Error).message).slice(0, 160);
    joins += live.length;
    room.joiners.push(...live);
    const ids = live.map((j) => j.sessionId);
    await deliveries.await(ids, 'SessionJoined', total);
    await Promise.allSettled(live.map((joiner) => joiner.leave()));
    await deliveries.await(ids, 'SessionLeft', total);
  }
  const after = await cpuOf(sfu);
  deliveries.measuring = false;
  const rows = deliveryRows(deliveries.take(), room.subscribers, joins);
  const delivered = rows.filter((r) => r.event === 'all').reduce((sum, r) => sum + r.deliveries, 0);
  return { joinsAtOnce: atOnce, rounds, joins, joinFailures: rounds * atOnce - joins, firstJoinFailure, rows, cpu: cpuOver(before, after, delivered) };
}

/** Opens `count` subscribers of one kind, `concurrency` at a time; those that failed stay holes. */
async function openAll<T>(count: number, concurrency: number, open: () => Promise<T>, into: (T | undefined)[]): Promise<number> {
  const results = await settleAll(count, concurrency, async (i) => void (into[i] = await open()));
  return results.filter((r) => r.status === 'fulfilled').length;
}

/**
 * Runs scenario (e) and returns its table and raw result. libdatachannel keeps native threads
 * afterwards: the process must end with process.exit (bench/run.ts does; vitest's forks pool too).
 */
export async function runGraphqlFanoutBench(options: GraphqlFanoutBenchOptions = {}): Promise<{ table: Table; result: GraphqlFanoutResult }> {
  const wanted: Record<EventTransport, number> = { 'graphql-ws': options.wsSubscribers ?? 1000, sse: options.sseSubscribers ?? 200 };
  const workers = options.workers ?? 2;
  const concurrency = options.openConcurrency ?? 50;
  const deliveries = new Deliveries();
  const ws: (WsEventSubscriber | undefined)[] = [];
  const sse: (SseEventSubscriber | undefined)[] = [];
  const joiners: RoomJoiner[] = [];
  let sfu: SfuProcess | undefined;
  try {
    sfu = await SfuProcess.start(workers, {
      limits: { maxSessionsPerApp: 100_000, sessionsPerSecondPerApp: 100_000 },
      graphql: { maxSubscriptionsPerApp: 100_000 },
    });
    const { url } = sfu;
    const client = new CallsClient(url, app.id, app.secret);
    // One join and leave before anything is measured, so the SFU's first-call costs stay out.
    await (await RoomJoiner.join(client, url, roomName, 'warm-up')).leave();
    await sleep(500);
    const baselineRss = processRssBytes(sfu.pid);
    const subscribers = { 'graphql-ws': 0, sse: 0 };
    subscribers['graphql-ws'] = await openAll(wanted['graphql-ws'], concurrency, () => WsEventSubscriber.open(url, app.secret, roomName, deliveries.sink), ws);
    await probe(url, deliveries, subscribers['graphql-ws']);
    const afterWsRss = processRssBytes(sfu.pid);
    subscribers.sse = await openAll(wanted.sse, concurrency, () => SseEventSubscriber.open(url, app.secret, roomName, deliveries.sink), sse);
    await probe(url, deliveries, subscribers['graphql-ws'] + subscribers.sse);
    const afterSseRss = processRssBytes(sfu.pid);

    const modes: FanoutMode[] = [];
    for (const atOnce of options.joinsAtOnce ?? [1, 10]) modes.push(await runRounds({ sfu, client, deliveries, subscribers, joiners }, atOnce, options.rounds ?? 10));
    const result: GraphqlFanoutResult = {
      scenario: "e: graphql-ws and SSE subscribers on one room's events, joins and leaves",
      measuredAt: new Date().toISOString(),
      workers,
      subscribers,
      openFailures: { 'graphql-ws': wanted['graphql-ws'] - subscribers['graphql-ws'], sse: wanted.sse - subscribers.sse },
      subscriptionErrors: [...ws, ...sse].reduce((sum, s) => sum + (s?.errors ?? 0), 0),
      memoryKiBPerSubscriber: {
        'graphql-ws': (afterWsRss - baselineRss) / 1024 / Math.max(1, subscribers['graphql-ws']),
        sse: (afterSseRss - afterWsRss) / 1024 / Math.max(1, subscribers.sse),
      },
      baselineRssMiB: baselineRss / 2 ** 20,
      modes,
    };
    return { table: graphqlFanoutTable(result), result };
  } finally {
    await Promise.allSettled(joiners.map((joiner) => joiner.leave()));
    for (const subscriber of sse) subscriber?.close();
    await Promise.allSettled(ws.map((subscriber) => subscriber?.close()));
    await sfu?.stop();
  }
}
