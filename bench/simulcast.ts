/**
 * Simulcast, scenario (d): one publisher sends VP8 in three layers (pre-encoded 320x180 ~150,
 * 640x360 ~500 and 1280x720 ~1,500 kbit/s, keyframes every 2 s) as rid-based simulcast; N
 * subscribers pull it, split evenly across the layers by `preferredRid`; one window is measured,
 * then every subscriber switches layer (tracks/update) and another window is measured, round after
 * round. Per layer: who is on it, what they receive (and that it is that layer), loss; per switch,
 * the time to the new layer's first keyframe packet.
 */
import { vp8Clip } from './load/media.js';
import { settleAll } from './load/pool.js';
import { SimulcastPublisher, type SimulcastLayerMedia } from './load/simulcastPublisher.js';
import { measureSrtpFloor } from './load/srtpFloor.js';
import type { StreamSnapshot } from './load/streamStats.js';
import { LoadSubscriber, type KeyframeArrival } from './load/subscriber.js';
import type { LoadTarget } from './load/target.js';
import { measureWindow } from './load/window.js';
import { simulcastTables, type LayerPlan, type LayerWindow, type PhaseResult, type SimulcastResult, type SimulcastRun } from './simulcastReport.js';
import { nowMs, sleep } from './stats.js';
import type { Table } from './table.js';
import { targetNames, tryStartTarget, type TargetName } from './targets/index.js';

export interface SimulcastBenchOptions {
  /** Subscribers, split evenly across the layers. @default 50 */
  subscribers?: number;
  /** Switch rounds after the join; each moves every subscriber one layer up (the top one to the bottom). @default 3 */
  switchRounds?: number;
  /** Steady window per phase. @default 10000 */
  windowMs?: number;
  /** Media workers of the system under test. @default 2 */
  workers?: number;
  /** Systems to measure; those without simulcast in their adapter, or that fail, are listed as not measured. @default all (ours, janus) */
  targets?: readonly TargetName[];
  /** Pulls or tracks/update requests in flight at once. @default 16 */
  concurrency?: number;
}

/** Lowest first, as the SFU ranks them (RIDs asciibetically, best first: f > h > q). */
export const simulcastLayers: readonly LayerPlan[] = [
  { rid: 'q', size: { width: 320, height: 180 }, kbps: 150 },
  { rid: 'h', size: { width: 640, height: 360 }, kbps: 500 },
  { rid: 'f', size: { width: 1280, height: 720 }, kbps: 1500 },
];

/** How long a phase waits for every subscriber to be steady on its layer before measuring anyway. */
const layerWaitMs = 15_000;
/**
 * How long a subscriber must have had only its layer's keyframes to count as steady on it: the
 * SFU's bandwidth estimate starts at 600 kbit/s, so a 1.5 Mbit/s layer can come, go back down and
 * come again while the estimate ramps up.
 */
const steadyMs = 1_500;

type Media = readonly SimulcastLayerMedia[];

/**
 * Runs scenario (d) against each target in turn. libdatachannel keeps native threads afterwards:
 * the process must end with process.exit (bench/run.ts does; vitest's forks pool ends a file's).
 */
export async function runSimulcastBench(options: SimulcastBenchOptions = {}): Promise<{ tables: Table[]; result: SimulcastResult }> {
  const floor = await measureSrtpFloor();
  const media: SimulcastLayerMedia[] = [];
  for (const layer of simulcastLayers) media.push({ ...layer, clip: await vp8Clip(layer.kbps, layer.size) });
  const runs: SimulcastRun[] = [];
  for (const name of options.targets ?? targetNames) runs.push(await runTarget(name, media, options));
  const result: SimulcastResult = {
    scenario: 'd: simulcast, 1 publisher in 3 VP8 layers to N subscribers split across them, switching',
    measuredAt: new Date().toISOString(),
    workers: options.workers ?? 2,
    windowMs: options.windowMs ?? 10_000,
    subscribers: options.subscribers ?? 50,
    switchRounds: options.switchRounds ?? 3,
    layers: [...simulcastLayers],
    floor,
    runs,
  };
  return { tables: simulcastTables(result), result };
}

/** A subscriber and the layer it asked for last, by index into the layers. */
interface Viewer {
  subscriber: LoadSubscriber;
  layer: number;
}

async function runTarget(name: TargetName, media: Media, options: SimulcastBenchOptions): Promise<SimulcastRun> {
  const count = options.subscribers ?? 50;
  const rounds = options.switchRounds ?? 3;
  const windowMs = options.windowMs ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const phases: PhaseResult[] = [];
  const viewers: Viewer[] = [];
  const target = await tryStartTarget(name, { workers: options.workers ?? 2 }, 'simulcast');
  if ('couldNotStart' in target) return { target: name, skipped: target.couldNotStart, phases };
  let publisher: SimulcastPublisher | undefined;
  try {
    if (!target.simulcast) return { target: name, skipped: 'its load-target adapter does not do simulcast', phases };
    publisher = await SimulcastPublisher.create(target, media);
    // The track must have sent media before a pull (else empty_track_error), and the SFU settles.
    await sleep(1_500);
    const ctx: PhaseContext = { target, publisher, viewers, windowMs };
    phases.push(await joinPhase(ctx, count, concurrency));
    for (let round = 1; round <= rounds && viewers.length > 0; round++) phases.push(await switchPhase(ctx, round, concurrency));
  } catch (error) {
    // A target that cannot take the publisher (or fails mid-run) is reported, with what it measured so far.
    const message = (error as Error).message.split('\n')[0]!.slice(0, 300);
    console.error(`simulcast: ${name} could not run: ${message}`);
    return { target: name, skipped: `it could not run (${message})`, phases };
  } finally {
    await settleAll(viewers.length, 32, (i) => viewers[i]!.subscriber.close());
    await publisher?.close();
    await target.stop();
  }
  return { target: name, phases };
}

interface PhaseContext {
  target: LoadTarget;
  publisher: SimulcastPublisher;
  viewers: Viewer[];
  windowMs: number;
}

/** Per viewer, what the phase timed, in ms from the pull's start or the switch request. */
interface Timing {
  /** To the first packet. */
  joinMs?: number;
  /** To the first keyframe of the new layer. */
  switchMs?: number;
  /** To the target's answer to the switch request (tracks/update for ours). */
  requestMs?: number;
  /** To the first keyframe of the asked layer after which no other layer came (undefined: not steady on it). */
  steadyMs?: number;
  /** A switch whose layer never came. */
  incomplete: boolean;
}

async function joinPhase(ctx: PhaseContext, count: number, concurrency: number): Promise<PhaseResult> {
  const starts: number[] = [];
  const joined = await settleAll(count, concurrency, async (i) => {
    const layer = i % simulcastLayers.length;
    starts[i] = nowMs();
    const request = { feeds: [ctx.publisher.feed], kinds: ['video'] as const, simulcast: { preferredRid: simulcastLayers[layer]!.rid } };
    // Congestion feedback as a browser sends it: the SFU picks layers within its estimate of each subscriber.
    const subscriber = await LoadSubscriber.create(ctx.target, request, `sim-${i}`, { congestionFeedback: true });
    return { subscriber, layer, startedAt: starts[i]! };
  });
  const added = joined.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  ctx.viewers.push(...added.map(({ subscriber, layer }) => ({ subscriber, layer })));
  await waitForLayers(added.map((a) => ({ ...a, since: a.startedAt })));
  const timings = added.map(({ subscriber, layer, startedAt }): Timing => {
    const steady = steadySince(subscriber, layer, startedAt);
    return { joinMs: subscriber.firstPacketMs, steadyMs: steady && steady - startedAt, incomplete: false };
  });
  return measurePhase(ctx, 0, timings, failuresOf(joined));
}

async function switchPhase(ctx: PhaseContext, round: number, concurrency: number): Promise<PhaseResult> {
  const requestsBefore = keyframeRequests(ctx.publisher);
  const requested: { viewer: Viewer; since: number; requestMs: number }[] = [];
  const switched = await settleAll(ctx.viewers.length, concurrency, async (i) => {
    const viewer = ctx.viewers[i]!;
    const next = (viewer.layer + 1) % simulcastLayers.length;
    const since = nowMs();
    await viewer.subscriber.setLayer(simulcastLayers[next]!.rid);
    viewer.layer = next;
    requested.push({ viewer, since, requestMs: nowMs() - since });
  });
  await waitForLayers(requested.map(({ viewer, since }) => ({ subscriber: viewer.subscriber, layer: viewer.layer, since })));
  const timingOf = new Map(
    requested.map(({ viewer, since, requestMs }) => {
      const keyframe = layerKeyframeSince(viewer.subscriber, viewer.layer, since);
      const steady = steadySince(viewer.subscriber, viewer.layer, since);
      return [viewer, { switchMs: keyframe && keyframe - since, requestMs, steadyMs: steady && steady - since, incomplete: keyframe === undefined }];
    }),
  );
  // A viewer whose request failed stays on its layer and has no switch time.
  const timings = ctx.viewers.map((v): Timing => timingOf.get(v) ?? { incomplete: false });
  return measurePhase(ctx, round, timings, failuresOf(switched), requestsBefore);
}

const isLayer = (layer: number) => (k: KeyframeArrival): boolean => k.width === simulcastLayers[layer]!.size.width && k.height === simulcastLayers[layer]!.size.height;

/** Arrival of the first keyframe of `layer` at `subscriber` at or after `since`, if any. */
function layerKeyframeSince(subscriber: LoadSubscriber, layer: number, since: number): number | undefined {
  return subscriber.stream('video')?.keyframes.find((k) => k.atMs >= since && isLayer(layer)(k))?.atMs;
}

/** Arrival of the first keyframe of `layer` since `since` after which only that layer's came, if the latest is of it. */
function steadySince(subscriber: LoadSubscriber, layer: number, since: number): number | undefined {
  let start: number | undefined;
  for (const keyframe of subscriber.stream('video')?.keyframes ?? []) {
    if (keyframe.atMs < since) continue;
    start = isLayer(layer)(keyframe) ? (start ?? keyframe.atMs) : undefined;
  }
  return start;
}

/** Waits until every subscriber has been steady on its layer for `steadyMs` (or the wait ends). */
async function waitForLayers(waiting: { subscriber: LoadSubscriber; layer: number; since: number }[]): Promise<void> {
  const deadline = nowMs() + layerWaitMs;
  const steady = (w: (typeof waiting)[number]): boolean => {
    const start = steadySince(w.subscriber, w.layer, w.since);
    return start !== undefined && nowMs() - start >= steadyMs;
  };
  while (nowMs() < deadline && !waiting.every(steady)) await sleep(20);
}

function failuresOf(results: PromiseSettledResult<unknown>[]): PromiseRejectedResult[] {
  return results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
}

function keyframeRequests(publisher: SimulcastPublisher): number {
  return publisher.layers.reduce((sum, l) => sum + l.counters.keyframeRequests, 0);
}

/** Measures one window over every viewer, and splits it per layer (viewers' own counters read around it). */
async function measurePhase(ctx: PhaseContext, round: number, timings: Timing[], failures: PromiseRejectedResult[], requestsBefore = 0): Promise<PhaseResult> {
  const { target, publisher, viewers } = ctx;
  const subscribers = viewers.map((v) => v.subscriber);
  const sentBefore = publisher.layers.map((l) => l.counters.bytes);
  const before = subscribers.map(videoSnapshot);
  const startedAt = nowMs();
  const window = await measureWindow(target, [publisher], subscribers, ctx.windowMs);
  const endedAt = nowMs();
  const after = subscribers.map(videoSnapshot);
  const kbps = (bytes: number): number => (bytes * 8) / (endedAt - startedAt);
  const windowUs = window.windowMs * 1000;
  const layers = simulcastLayers.map((plan, index): LayerWindow => {
    const on = viewers.flatMap((v, i) => (v.layer === index ? [i] : []));
    let received = 0;
    let expected = 0;
    let onLayer = 0;
    let wrongKeyframes = 0;
    for (const i of on) {
      received += after[i]!.packets - before[i]!.packets;
      expected += after[i]!.expected - before[i]!.expected;
      // The SFU changes layer only at a keyframe: the latest one tells what is being forwarded.
      const keyframes = subscribers[i]!.stream('video')?.keyframes.filter((k) => k.atMs <= endedAt) ?? [];
      const wrong = keyframes.filter((k) => k.atMs >= startedAt && !isLayer(index)(k)).length;
      wrongKeyframes += wrong;
      if (wrong === 0 && keyframes.length > 0 && isLayer(index)(keyframes[keyframes.length - 1]!)) onLayer += 1;
    }
    const timed = on.map((i) => timings[i]).filter((t): t is Timing => t !== undefined);
    return {
      ...plan,
      sentKbps: kbps(publisher.layers[index]!.counters.bytes - sentBefore[index]!),
      subscribers: on.length,
      onLayer,
      wrongKeyframes,
      receivedKbps: on.map((i) => kbps(after[i]!.bytes - before[i]!.bytes)),
      lossPercent: expected > 0 ? (Math.max(0, expected - received) * 100) / expected : 0,
      joinMs: timed.flatMap((t) => (t.joinMs === undefined ? [] : [t.joinMs])),
      steadyMs: timed.flatMap((t) => (t.steadyMs === undefined ? [] : [t.steadyMs])),
      switchMs: timed.flatMap((t) => (t.switchMs === undefined ? [] : [t.switchMs])),
      switchRequestMs: timed.flatMap((t) => (t.requestMs === undefined ? [] : [t.requestMs])),
      switchesIncomplete: round > 0 ? timed.filter((t) => t.incomplete).length : 0,
    };
  });
  return {
    ...window,
    target: target.name,
    round,
    subscribers: subscribers.length,
    requestFailures: failures.length,
    firstFailure: failures[0] ? String((failures[0].reason as Error).message ?? failures[0].reason).slice(0, 200) : undefined,
    mediaUsPerPacket: window.receivedPackets > 0 ? (window.mediaCpuPercent * windowUs) / 100 / window.receivedPackets : Number.NaN,
    controlUsPerPacket: window.receivedPackets > 0 ? (window.controlCpuPercent * windowUs) / 100 / window.receivedPackets : Number.NaN,
    keyframeRequests: keyframeRequests(publisher) - requestsBefore,
    layers,
  };
}

function videoSnapshot(subscriber: LoadSubscriber): StreamSnapshot {
  return subscriber.stream('video')?.stats.snapshot() ?? { packets: 0, bytes: 0, expected: 0 };
}
