/**
 * Capacity, scenario (a): one publisher (VP8 at ~500 kbit/s + Opus at 32 kbit/s, pre-encoded,
 * sent from a libdatachannel peer) and N subscribers pulling both tracks, each a REST session
 * with its own libdatachannel PeerConnection in this one process (bench/load/). N grows step by
 * step, the subscribers of one step staying for the next, until loss passes a threshold, the
 * cores are saturated, joins fail, or the list or the time budget ends.
 */
import { cpus, loadavg } from 'node:os';
import { CallsClient } from '../test/helpers/callsClient.js';
import { testApps } from '../test/helpers/sfu.js';
import { processCpuMs, usageMs } from './fanout.js';
import { opusClip, vp8Clip } from './load/media.js';
import { settleAll } from './load/pool.js';
import { processRssBytes } from './load/procfs.js';
import { LoadPublisher } from './load/publisher.js';
import { measureSrtpFloor } from './load/srtpFloor.js';
import type { StreamSnapshot } from './load/streamStats.js';
import { LoadSubscriber } from './load/subscriber.js';
import { SfuProcess } from './sfuProcess.js';
import { nowMs, sleep } from './stats.js';
import { capacityTable, type CapacityResult, type StepResult } from './capacityReport.js';
import type { Table } from './table.js';

export interface CapacityBenchOptions {
  /** Subscriber counts to reach, in order. @default [1, 10, 50, 100, 200, 500, 750, 1000, 1500, 2000] */
  subscribers?: number[];
  /** Steady-state window per step over which loss, CPU and rates are measured. @default 10000 */
  windowMs?: number;
  /** mediasoup workers of the SFU under test. @default 2 */
  workers?: number;
  /** Publisher's VP8 rate, kbit/s (a clip encoded at that rate). @default 500 */
  videoKbps?: number;
  /** A step whose loss passes this ends the run. @default 2 */
  maxLossPercent?: number;
  /** No step starts after this long from the first join. @default 300000 */
  budgetMs?: number;
  /** Pulls in flight at once while a step adds subscribers. @default 16 */
  joinConcurrency?: number;
  /** Called with each step's result as it is measured (progress). */
  onStep?: (step: StepResult) => void;
}

/** How long a step waits for its new subscribers' first packets before measuring anyway. */
const firstPacketWaitMs = 15_000;
/** Pause between the last first packet and the window, so join traffic stays out of it. */
const settleMs = 1_000;
/** Sum of CPU over all processes measured, as a share of the machine, past which the run stops. */
const saturatedShare = 0.9;
/** Share of a step's joins that may fail before the run stops. */
const maxJoinFailureShare = 0.05;

interface Counters {
  atMs: number;
  sfuNodeMs: number;
  workerMs: number;
  generatorMs: number;
  streams: (StreamSnapshot | undefined)[];
  publisherPackets: number;
}

/**
 * Runs scenario (a) and returns its table and the raw result (for bench/results/latest.json).
 * libdatachannel keeps native threads afterwards: the process must end with process.exit
 * (bench/run.ts does; vitest's forks pool ends a test file's process).
 */
export async function runCapacityBench(options: CapacityBenchOptions = {}): Promise<{ table: Table; result: CapacityResult }> {
  const counts = options.subscribers ?? [1, 10, 50, 100, 200, 500, 750, 1000, 1500, 2000];
  const windowMs = options.windowMs ?? 10_000;
  const workers = options.workers ?? 2;
  const maxLoss = options.maxLossPercent ?? 2;
  const budgetMs = options.budgetMs ?? 300_000;
  const concurrency = options.joinConcurrency ?? 16;
  const floor = await measureSrtpFloor();
  const media = { video: await vp8Clip(options.videoKbps ?? 500), audio: await opusClip() };
  const steps: StepResult[] = [];
  const subscribers: LoadSubscriber[] = [];
  let stopReason = 'the list of N ended';
  let sfu: SfuProcess | undefined;
  let publisher: LoadPublisher | undefined;
  try {
    sfu = await SfuProcess.start(workers, { limits: { maxSessionsPerApp: 100_000 } });
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await LoadPublisher.create(client, media);
    // Both tracks must have sent media before a pull (else empty_track_error), and the SFU settles.
    await sleep(1_500);
    const baselineRss = sfuRss(sfu);
    const started = nowMs();
    for (const count of counts) {
      if (nowMs() - started > budgetMs) {
        stopReason = `the ${budgetMs / 1000} s budget ran out`;
        break;
      }
      const step = await runStep(client, sfu, publisher, subscribers, count, { windowMs, concurrency, baselineRss });
      steps.push(step);
      options.onStep?.(step);
      const cpuShare = (step.sfuNodeCpuPercent + step.workersCpuPercent + step.generatorCpuPercent) / (100 * step.cores);
      if (publisher.lost) stopReason = `the publisher's connection closed during N = ${count}`;
      else if (step.lossPercent > maxLoss) stopReason = `loss passed ${maxLoss} % at N = ${count}`;
      else if (step.silentStreams > maxJoinFailureShare * step.subscribers) stopReason = `${step.silentStreams} subscribers received nothing at N = ${count}`;
      else if (step.joinFailures > maxJoinFailureShare * step.joined) stopReason = `${step.joinFailures} joins failed at N = ${count}`;
      else if (cpuShare > saturatedShare) stopReason = `the cores were saturated at N = ${count} (${Math.round(cpuShare * 100)} % of ${step.cores})`;
      else continue;
      break;
    }
  } finally {
    await settleAll(subscribers.length, 32, (i) => subscribers[i]!.close());
    publisher?.close();
    await sfu?.stop();
    // libdatachannel's threads stay; ndc.cleanup() crashed the process after ~100 peers (see ndcPeer.ts), so the caller exits.
  }
  const result: CapacityResult = {
    scenario: 'a: one publisher (VP8 + Opus) to N subscribers',
    measuredAt: new Date().toISOString(),
    workers,
    videoKbps: options.videoKbps ?? 500,
    windowMs,
    joinConcurrency: concurrency,
    stopReason,
    floor,
    steps,
  };
  return { table: capacityTable(result), result };
}

interface StepOptions {
  windowMs: number;
  concurrency: number;
  baselineRss: number;
}

/** Adds subscribers up to `count`, waits for their media, then measures one window. */
async function runStep(
  client: CallsClient,
  sfu: SfuProcess,
  publisher: LoadPublisher,
  subscribers: LoadSubscriber[],
  count: number,
  options: StepOptions,
): Promise<StepResult> {
  const loadBefore = loadavg()[0]!;
  const toAdd = Math.max(0, count - subscribers.length);
  const joined = await settleAll(toAdd, options.concurrency, (i) => LoadSubscriber.create(client, publisher, `sub-${subscribers.length + i}`));
  const added = joined.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = joined.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  subscribers.push(...added);
  const deadline = nowMs() + firstPacketWaitMs;
  while (nowMs() < deadline && added.some((s) => s.firstKeyframeMs === undefined)) await sleep(50);
  await sleep(settleMs);

  const before = await counters(sfu, publisher, subscribers);
  await sleep(options.windowMs);
  const after = await counters(sfu, publisher, subscribers);
  const wallMs = after.atMs - before.atMs;
  let received = 0;
  let expected = 0;
  let bytes = 0;
  let silent = 0;
  subscribers.forEach((_, i) => {
    const a = after.streams[i];
    const b = before.streams[i];
    const got = (a?.packets ?? 0) - (b?.packets ?? 0);
    if (got === 0) silent += 1;
    received += got;
    expected += (a?.expected ?? 0) - (b?.expected ?? 0);
    bytes += (a?.bytes ?? 0) - (b?.bytes ?? 0);
  });
  const sfuCpuMs = after.sfuNodeMs - before.sfuNodeMs + after.workerMs - before.workerMs;
  const percentOfCore = (ms: number): number => (ms * 100) / wallMs;
  const mbps = (bytes * 8) / (wallMs * 1000);
  return {
    subscribers: subscribers.length,
    joined: toAdd,
    joinFailures: failures.length,
    firstFailure: failures[0] ? String((failures[0].reason as Error).message ?? failures[0].reason).slice(0, 200) : undefined,
    joinMs: added.flatMap((s) => (s.firstPacketMs === undefined ? [] : [s.firstPacketMs])),
    keyframeMs: added.flatMap((s) => (s.firstKeyframeMs === undefined ? [] : [s.firstKeyframeMs])),
    noMediaAfterJoin: added.filter((s) => s.firstPacketMs === undefined).length,
    windowMs: wallMs,
    publisherPacketsPerSecond: ((after.publisherPackets - before.publisherPackets) * 1000) / wallMs,
    receivedPackets: received,
    expectedPackets: expected,
    lossPercent: expected > 0 ? (Math.max(0, expected - received) * 100) / expected : 0,
    silentStreams: silent,
    forwardedMbps: mbps,
    videoJitterMs: subscribers.map((s) => s.streams.get('video')?.jitterMs ?? Number.NaN).filter(Number.isFinite),
    sfuNodeCpuPercent: percentOfCore(after.sfuNodeMs - before.sfuNodeMs),
    workersCpuPercent: percentOfCore(after.workerMs - before.workerMs),
    generatorCpuPercent: percentOfCore(after.generatorMs - before.generatorMs),
    sfuCpuUsPerPacket: received > 0 ? (sfuCpuMs * 1000) / received : Number.NaN,
    sfuCpuPercentPerMbps: mbps > 0 ? percentOfCore(sfuCpuMs) / mbps : Number.NaN,
    memoryPerSubscriberKb: (sfuRss(sfu) - options.baselineRss) / 1024 / subscribers.length,
    publisherLost: publisher.lost,
    cores: cpus().length,
    loadAverage: [loadBefore, loadavg()[0]!],
  };
}

/** RSS of the SFU's Node process plus all its workers, in bytes. */
function sfuRss(sfu: SfuProcess): number {
  return processRssBytes(sfu.pid) + sfu.workerPids.reduce((sum, pid) => sum + processRssBytes(pid), 0);
}

/** Every subscriber's streams are summed into one snapshot per subscriber. */
async function counters(sfu: SfuProcess, publisher: LoadPublisher, subscribers: LoadSubscriber[]): Promise<Counters> {
  const sfuNodeMs = usageMs(await sfu.cpuUsage());
  return {
    atMs: nowMs(),
    sfuNodeMs,
    workerMs: sfu.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    generatorMs: usageMs(process.cpuUsage()),
    publisherPackets: publisher.counters.videoPackets + publisher.counters.audioPackets,
    streams: subscribers.map((s) => {
      if (s.streams.size === 0) return undefined;
      const total: StreamSnapshot = { packets: 0, bytes: 0, expected: 0 };
      for (const stats of s.streams.values()) {
        const snap = stats.snapshot();
        total.packets += snap.packets;
        total.bytes += snap.bytes;
        total.expected += snap.expected;
      }
      return total;
    }),
  };
}

