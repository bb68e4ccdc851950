/**
 * Control plane, scenario (f): sessions/new, publish and pull + renegotiate at C concurrent clients,
 * against our SFU (REST on loopback, in its own process) and, in the same run, against raw
 * mediasoup (bench/rawMediasoup.ts: the same workers driven by direct calls). Clients are plain
 * fetch calls resending SDP captured once from libdatachannel peers; pulls take the tracks of one
 * live load publisher (pre-encoded VP8 + Opus), since a track without media cannot be pulled.
 */
import { CallsClient } from '../test/helpers/callsClient.js';
import { testApps } from '../test/helpers/sfu.js';
import { controlPlaneTable, type ControlOperation, type ControlPlaneResult, type PhaseResult, type SideResult } from './controlPlaneReport.js';
import { capturePublishOffer, capturePullAnswer } from './load/capturedSdp.js';
import { processCpuMs, usageMs } from './load/cpu.js';
import { closeSessionNow } from './load/graphqlHttp.js';
import { timedLanes } from './load/lanes.js';
import { opusClip, vp8Clip } from './load/media.js';
import type { Description } from './load/ndcPeer.js';
import { settleAll } from './load/pool.js';
import { LoadPublisher } from './load/publisher.js';
import { RawMediasoupProcess, type RawBatch } from './rawMediasoup.js';
import { SfuProcess } from './sfuProcess.js';
import { OursTarget, type OurFeed } from './targets/ours.js';
import { summarize } from './summary.js';
import { nowMs, sleep, timed } from './stats.js';
import type { Table } from './table.js';

export interface ControlPlaneBenchOptions {
  /** Clients in flight at once, one batch per operation each. @default [1, 10, 100] */
  concurrency?: number[];
  /** Operations per batch: at least this many... @default 100 */
  minOperations?: number;
  /** ...and at least this many per client. @default 5 */
  operationsPerClient?: number;
  /** Untimed operations before each batch, per system. @default 5 */
  warmup?: number;
  /** mediasoup workers, ours and raw. @default 2 */
  workers?: number;
  /** How long our SFU's idle CPU (publisher sending, no calls) is measured. @default 2000 */
  idleMs?: number;
}

const operations: ControlOperation[] = ['sessions/new', 'publish', 'pull'];
const app = testApps[0];

/** What our operations resend, and what they pull. */
interface OursContext {
  client: CallsClient;
  offer: Description;
  answer: Description;
  publisher: LoadPublisher;
}

/**
 * Runs scenario (f) and returns its table and raw result. libdatachannel keeps native threads
 * afterwards: the process must end with process.exit (bench/run.ts does; vitest's forks pool too).
 */
export async function runControlPlaneBench(options: ControlPlaneBenchOptions = {}): Promise<{ table: Table; result: ControlPlaneResult }> {
  const levels = options.concurrency ?? [1, 10, 100];
  const minOperations = options.minOperations ?? 100;
  const perClient = options.operationsPerClient ?? 5;
  const warmup = options.warmup ?? 5;
  const workers = options.workers ?? 2;
  const media = { video: await vp8Clip(500), audio: await opusClip() };
  let sfu: SfuProcess | undefined;
  let raw: RawMediasoupProcess | undefined;
  let publisher: LoadPublisher | undefined;
  const phases: PhaseResult[] = [];
  let oursIdle = { nodeCpuPercent: Number.NaN, workersCpuPercent: Number.NaN };
  try {
    sfu = await SfuProcess.start(workers, { limits: { maxSessionsPerApp: 100_000, sessionsPerSecondPerApp: 100_000 } });
    const client = new CallsClient(sfu.url, app.id, app.secret);
    publisher = await LoadPublisher.create(OursTarget.over(sfu), media, 'control');
    // Both tracks must have sent media before a pull (else empty_track_error).
    await sleep(1_500);
    const offer = await capturePublishOffer();
    const captured = await capturePullAnswer(client, publisher.feed as OurFeed);
    await closeSessionNow(sfu.url, app.secret, captured.sessionId);
    raw = await RawMediasoupProcess.start(workers, { offer, answer: captured.answer });
    oursIdle = await idleCpu(sfu, options.idleMs ?? 2_000);
    const ours: OursContext = { client, offer, answer: captured.answer, publisher };
    for (const concurrency of levels) {
      const count = Math.max(minOperations, concurrency * perClient);
      for (const operation of operations) {
        const oursSide = await runOurs(sfu, ours, { operation, concurrency, count, warmup }, oursIdle.workersCpuPercent);
        const rawSide = rawResult(await raw.run({ operation, concurrency, count, warmup }));
        phases.push({ operation, concurrency, ours: oursSide, raw: rawSide });
      }
    }
  } finally {
    await publisher?.close();
    await Promise.allSettled([sfu?.stop(), raw?.stop()]);
  }
  const result: ControlPlaneResult = {
    scenario: 'f: control plane at C concurrent clients, ours vs raw mediasoup',
    measuredAt: new Date().toISOString(),
    workers,
    warmup,
    oursIdle,
    phases,
  };
  return { table: controlPlaneTable(result), result };
}

interface Batch {
  operation: ControlOperation;
  concurrency: number;
  count: number;
  warmup: number;
}

/** One timed operation of ours: its HTTP calls in order, each timed; the sessions it made. */
async function oursOperation(ours: OursContext, operation: ControlOperation, calls: Map<string, number[]>, sessions: string[]): Promise<void> {
  const call = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const { ms, value } = await timed(step);
    let samples = calls.get(name);
    if (!samples) calls.set(name, (samples = []));
    samples.push(ms);
    return value;
  };
  const { sessionId } = await call('sessions/new', () => ours.client.newSession());
  sessions.push(sessionId);
  if (operation === 'publish') {
    const published = await call('tracks/new', () =>
      ours.client.newTracks(sessionId, {
        sessionDescription: ours.offer,
        tracks: [
          { location: 'local', mid: '0', trackName: 'video' },
          { location: 'local', mid: '1', trackName: 'audio' },
        ],
      }),
    );
    assertTracks('publish', published.tracks);
  } else if (operation === 'pull') {
    const { sessionId: source, trackNames } = ours.publisher.feed as OurFeed;
    const pulled = await call('tracks/new', () =>
      ours.client.newTracks(sessionId, {
        tracks: [
          { location: 'remote', sessionId: source, trackName: trackNames.video! },
          { location: 'remote', sessionId: source, trackName: trackNames.audio! },
        ],
      }),
    );
    assertTracks('pull', pulled.tracks);
    await call('renegotiate', () => ours.client.renegotiate(sessionId, ours.answer));
  }
}

async function runOurs(sfu: SfuProcess, ours: OursContext, batch: Batch, idleWorkersPercent: number): Promise<SideResult> {
  const sessions: string[] = [];
  try {
    const untimed = new Map<string, number[]>();
    for (let i = 0; i < batch.warmup; i++) await oursOperation(ours, batch.operation, untimed, sessions);
    const calls = new Map<string, number[]>();
    const before = await cpuOf(sfu);
    const lanes = await timedLanes(batch.count, batch.concurrency, () => oursOperation(ours, batch.operation, calls, sessions));
    const after = await cpuOf(sfu);
    const done = lanes.latenciesMs.length;
    const idleWorkersMs = (idleWorkersPercent / 100) * (after.atMs - before.atMs);
    return {
      operations: batch.count,
      failures: lanes.failures,
      firstFailure: lanes.firstFailure,
      opsPerSecond: (done * 1000) / lanes.wallMs,
      latencyMs: summarize(lanes.latenciesMs),
      nodeCpuMsPerOp: (after.nodeMs - before.nodeMs) / done,
      workersCpuMsPerOp: Math.max(0, after.workersMs - before.workersMs - idleWorkersMs) / done,
      clientCpuMsPerOp: (after.clientMs - before.clientMs) / done,
      callsMs: Object.fromEntries([...calls].map(([name, ms]) => [name, summarize(ms)])),
    };
  } finally {
    // Outside the CPU window: the sessions never connect, so they would otherwise wait out the connect timeout.
    await settleAll(sessions.length, 16, (i) => closeSessionNow(sfu.url, app.secret, sessions[i]!));
  }
}

function rawResult(batch: RawBatch): SideResult {
  const done = batch.latenciesMs.length;
  return {
    operations: done + batch.failures,
    failures: batch.failures,
    firstFailure: batch.firstFailure,
    opsPerSecond: (done * 1000) / batch.wallMs,
    latencyMs: summarize(batch.latenciesMs),
    nodeCpuMsPerOp: batch.nodeCpuMs / done,
    workersCpuMsPerOp: batch.workersCpuMs / done,
  };
}

async function cpuOf(sfu: SfuProcess): Promise<{ atMs: number; nodeMs: number; workersMs: number; clientMs: number }> {
  return {
    atMs: nowMs(),
    nodeMs: usageMs(await sfu.cpuUsage()),
    workersMs: sfu.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    clientMs: usageMs(process.cpuUsage()),
  };
}

/** Our SFU's CPU with the publisher sending and no calls, as % of one core. */
async function idleCpu(sfu: SfuProcess, windowMs: number): Promise<{ nodeCpuPercent: number; workersCpuPercent: number }> {
  const before = await cpuOf(sfu);
  await sleep(windowMs);
  const after = await cpuOf(sfu);
  const wall = after.atMs - before.atMs;
  return { nodeCpuPercent: ((after.nodeMs - before.nodeMs) * 100) / wall, workersCpuPercent: ((after.workersMs - before.workersMs) * 100) / wall };
}

function assertTracks(what: string, tracks: { errorCode?: string; errorDescription?: string }[]): void {
  const failed = tracks.filter((t) => t.errorCode);
  if (failed.length > 0) throw new Error(`${what} failed: ${JSON.stringify(failed)}`);
}
