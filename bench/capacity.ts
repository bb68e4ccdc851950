/**
 * Capacity, scenario (a): one publisher (VP8 at ~500 kbit/s + Opus at 32 kbit/s, pre-encoded,
 * sent from a libdatachannel peer) and N subscribers pulling both tracks, each a session on the
 * target (ours: REST; Janus: a VideoRoom subscriber handle) with its own libdatachannel
 * PeerConnection in this one process (bench/load/). N grows step by step, the subscribers of one
 * step staying for the next, until loss passes a threshold, the cores are saturated, joins fail,
 * or the list or the time budget ends. Each target runs the whole scenario in turn (ours, then
 * Janus), never both at once.
 */
import { opusClip, vp8Clip } from './load/media.js';
import { settleAll } from './load/pool.js';
import { LoadPublisher } from './load/publisher.js';
import { measureSrtpFloor } from './load/srtpFloor.js';
import { joinAll, runSteps, waitForMedia, type StepScenarioOptions } from './load/steps.js';
import { LoadSubscriber } from './load/subscriber.js';
import type { LoadTarget } from './load/target.js';
import { measureWindow } from './load/window.js';
import { targetNames, tryStartTarget, type TargetName } from './targets/index.js';
import { sleep } from './stats.js';
import { capacityTables, type CapacityResult, type StepResult, type TargetRun } from './capacityReport.js';
import type { Table } from './table.js';

export interface CapacityBenchOptions extends StepScenarioOptions<StepResult> {
  /** Subscriber counts to reach, in order. @default [1, 10, 50, 100, 200, 500, 750, 1000, 1500, 2000] */
  subscribers?: number[];
  /** Publisher's VP8 rate, kbit/s (a clip encoded at that rate). @default 500 */
  videoKbps?: number;
  /** Pulls in flight at once while a step adds subscribers. @default 16 */
  joinConcurrency?: number;
}

/**
 * Runs scenario (a) against each target in turn and returns its table and the raw result (for
 * bench/results/latest.json). libdatachannel keeps native threads afterwards: the process must end
 * with process.exit (bench/run.ts does; vitest's forks pool ends a test file's process).
 */
export async function runCapacityBench(options: CapacityBenchOptions = {}): Promise<{ tables: Table[]; result: CapacityResult }> {
  const floor = await measureSrtpFloor();
  const media = { video: await vp8Clip(options.videoKbps ?? 500), audio: await opusClip() };
  const runs: TargetRun[] = [];
  for (const name of options.targets ?? targetNames) runs.push(await runTarget(name, media, options));
  const result: CapacityResult = {
    scenario: 'a: one publisher (VP8 + Opus) to N subscribers',
    measuredAt: new Date().toISOString(),
    workers: options.workers ?? 2,
    videoKbps: options.videoKbps ?? 500,
    windowMs: options.windowMs ?? 10_000,
    joinConcurrency: options.joinConcurrency ?? 16,
    floor,
    runs,
  };
  return { tables: capacityTables(result), result };
}

async function runTarget(name: TargetName, media: Parameters<typeof LoadPublisher.create>[1], options: CapacityBenchOptions): Promise<TargetRun> {
  const counts = options.subscribers ?? [1, 10, 50, 100, 200, 500, 750, 1000, 1500, 2000];
  const rules = { sizeName: 'N', maxLossPercent: options.maxLossPercent ?? 2, budgetMs: options.budgetMs ?? 300_000 };
  const target = await tryStartTarget(name, { workers: options.workers ?? 2 }, 'capacity');
  if ('couldNotStart' in target) return { target: name, stopReason: target.couldNotStart, steps: [] };
  const subscribers: LoadSubscriber[] = [];
  let publisher: LoadPublisher | undefined;
  try {
    const sender = await LoadPublisher.create(target, media);
    publisher = sender;
    // Both tracks must have sent media before a pull (else empty_track_error), and the SFU settles.
    await sleep(1_500);
    const stepOptions = { windowMs: options.windowMs ?? 10_000, concurrency: options.joinConcurrency ?? 16, baselineRss: target.rssBytes() };
    const { steps, stopReason } = await runSteps(counts, rules, (count) => runStep(target, sender, subscribers, count, stepOptions), options.onStep);
    return { target: name, stopReason, steps };
  } finally {
    await settleAll(subscribers.length, 32, (i) => subscribers[i]!.close());
    await publisher?.close();
    await target.stop();
    // libdatachannel's threads stay; ndc.cleanup() crashed the process after ~100 peers (see ndcPeer.ts), so the caller exits.
  }
}

interface StepOptions {
  windowMs: number;
  concurrency: number;
  baselineRss: number;
}

/** Adds subscribers up to `count`, waits for their media, then measures one window. */
async function runStep(
  target: LoadTarget,
  publisher: LoadPublisher,
  subscribers: LoadSubscriber[],
  count: number,
  options: StepOptions,
): Promise<StepResult> {
  const toAdd = Math.max(0, count - subscribers.length);
  const { added, failures, firstFailure } = await joinAll(toAdd, options.concurrency, (i) =>
    LoadSubscriber.create(target, { feeds: [publisher.feed] }, `sub-${subscribers.length + i}`),
  );
  subscribers.push(...added);
  await waitForMedia(() => added.every((s) => s.firstKeyframeMs !== undefined));
  const window = await measureWindow(target, [publisher], subscribers, options.windowMs);
  return {
    target: target.name,
    subscribers: subscribers.length,
    joined: toAdd,
    joinFailures: failures,
    firstFailure,
    joinMs: added.flatMap((s) => (s.firstPacketMs === undefined ? [] : [s.firstPacketMs])),
    keyframeMs: added.flatMap((s) => (s.firstKeyframeMs === undefined ? [] : [s.firstKeyframeMs])),
    noMediaAfterJoin: added.filter((s) => s.firstPacketMs === undefined).length,
    memoryPerSubscriberKb: (target.rssBytes() - options.baselineRss) / 1024 / subscribers.length,
    ...window,
  };
}
