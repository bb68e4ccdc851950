/**
 * The step loop every capacity-style scenario shares: grow a size (subscribers, participants)
 * through a list, measure each step, and stop at the first step that lost too much, left
 * subscribers silent, failed joins, lost a publisher or saturated the cores, or when the time
 * budget ends. Scenarios supply what one step does; the rules stay the same for all of them, so
 * their stop reasons and saturation points compare.
 */
import { nowMs, sleep } from '../stats.js';
import { settleAll } from './pool.js';
import type { WindowResult } from './window.js';
import type { TargetName } from '../targets/index.js';

/** How long a step waits for its new subscribers' media before measuring anyway. */
export const mediaWaitMs = 15_000;
/** Pause between the last new stream's first packet and the window, so join traffic stays out of it. */
export const settleMs = 1_000;
/** Sum of CPU over all processes measured, as a share of the machine, past which the run stops. */
const saturatedShare = 0.9;
/** Share of a step's joins that may fail (and of its subscribers that may stay silent) before the run stops. */
const maxFailureShare = 0.05;

/** What the stop rules read from a measured step. */
export interface MeasuredStep extends WindowResult {
  /** Subscribers measured in the window. */
  subscribers: number;
  /** Joins attempted in this step (a subscriber, a participant), and how many failed. */
  joined: number;
  joinFailures: number;
}

/** The options every step-by-step scenario takes (capacity, meeting, audio room); each adds its sizes. */
export interface StepScenarioOptions<Step> {
  /** Systems to measure, one after the other in this run. @default every target */
  targets?: readonly TargetName[];
  /** Steady-state window per step over which loss, CPU and rates are measured. @default 10000 */
  windowMs?: number;
  /** Media workers of the system under test. @default 2 */
  workers?: number;
  /** A step whose loss passes this ends the run. @default 2 */
  maxLossPercent?: number;
  /** No step starts after this long from the first, per target. @default 300000 */
  budgetMs?: number;
  /** Joins in flight at once while a step fills (the scenario says its default). */
  joinConcurrency?: number;
  /** Called with each step's result as it is measured (progress). */
  onStep?: (step: Step) => void;
}

export interface StepRules {
  /** Printed in stop reasons: "N", "M", "subscribers". */
  sizeName: string;
  /** A step whose loss passes this ends the run. */
  maxLossPercent: number;
  /** No step starts after this long from the first one. */
  budgetMs: number;
}

/** Runs `measure` for each size in turn until a rule says stop; returns the steps and why it stopped. */
export async function runSteps<S extends MeasuredStep>(
  sizes: readonly number[],
  rules: StepRules,
  measure: (size: number) => Promise<S>,
  onStep?: (step: S) => void,
): Promise<{ steps: S[]; stopReason: string }> {
  const steps: S[] = [];
  const started = nowMs();
  for (const size of sizes) {
    if (nowMs() - started > rules.budgetMs) return { steps, stopReason: `the ${rules.budgetMs / 1000} s budget ran out` };
    const step = await measure(size);
    steps.push(step);
    onStep?.(step);
    const reason = stopReason(step, `${rules.sizeName} = ${size}`, rules.maxLossPercent);
    if (reason) return { steps, stopReason: reason };
  }
  return { steps, stopReason: `the list of ${rules.sizeName} ended` };
}

/** Why the run ends after `step` (measured at `at`, e.g. "N = 50"), or undefined to go on. */
export function stopReason(step: MeasuredStep, at: string, maxLossPercent: number): string | undefined {
  const cpuShare = (step.controlCpuPercent + step.mediaCpuPercent + step.generatorCpuPercent) / (100 * step.cores);
  if (step.publisherLost) return `a publisher's connection closed during ${at}`;
  if (step.lossPercent > maxLossPercent) return `loss passed ${maxLossPercent} % at ${at}`;
  if (step.silentSubscribers > maxFailureShare * step.subscribers) return `${step.silentSubscribers} subscribers received nothing at ${at}`;
  if (step.joinFailures > maxFailureShare * step.joined) return `${step.joinFailures} joins failed at ${at}`;
  if (cpuShare > saturatedShare) return `the cores were saturated at ${at} (${Math.round(cpuShare * 100)} % of ${step.cores})`;
  return undefined;
}

/** Largest size whose step lost under 1 % with every join and subscriber served: the saturation point. */
export function saturationPoint<S extends MeasuredStep>(steps: readonly S[], sizeOf: (step: S) => number): number | undefined {
  const good = steps.filter((s) => s.lossPercent < 1 && s.silentSubscribers === 0 && s.joinFailures === 0 && !s.publisherLost);
  return good.length > 0 ? Math.max(...good.map(sizeOf)) : undefined;
}

/** The outcome of `count` joins: the ones that worked, how many failed, and the first error (shortened). */
export interface Joins<T> {
  added: T[];
  failures: number;
  firstFailure: string | undefined;
}

/** Runs `count` joins with at most `concurrency` in flight; a failed join is counted, not thrown. */
export async function joinAll<T>(count: number, concurrency: number, join: (index: number) => Promise<T>): Promise<Joins<T>> {
  const settled = await settleAll(count, concurrency, join);
  const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return {
    added: settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    failures: failed.length,
    firstFailure: failed[0] ? String((failed[0].reason as Error).message ?? failed[0].reason).slice(0, 200) : undefined,
  };
}

/** Waits until `ready()` holds (media arrived) or `mediaWaitMs` passed, then `settleMs` more. */
export async function waitForMedia(ready: () => boolean): Promise<void> {
  const deadline = nowMs() + mediaWaitMs;
  while (nowMs() < deadline && !ready()) await sleep(50);
  await sleep(settleMs);
}
