/** Runs a batch of operations with a fixed number in flight, timing each one and the whole batch. */
import { nowMs } from '../stats.js';

export interface LanesResult {
  /** Per operation that succeeded, ms from its start to its end. */
  latenciesMs: number[];
  /** From the first operation's start to the last one's end. */
  wallMs: number;
  failures: number;
  /** The first failure's message, shortened. */
  firstFailure: string | undefined;
}

/** Runs `task` for 0..count-1, at most `concurrency` at once (each lane starts its next when one ends). */
export async function timedLanes(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<LanesResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const start = nowMs();
      try {
        await task(index);
        latenciesMs.push(nowMs() - start);
      } catch (error) {
        failures += 1;
        firstFailure ??= String((error as Error).message ?? error).slice(0, 200);
      }
    }
  };
  const start = nowMs();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { latenciesMs, wallMs: nowMs() - start, failures, firstFailure };
}
