/** What the benches keep of a sample of latencies, and how a bench writes its raw result beside the capacity bench's. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mean, percentile } from './stats.js';

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    // Not Math.max(...samples): a fan-out run has hundreds of thousands.
    max: samples.length > 0 ? samples.reduce((max, x) => Math.max(max, x)) : Number.NaN,
    mean: mean(samples),
  };
}

/** Writes a bench's result as JSON (bench/results/ is git-ignored), as writeCapacityJson does for the capacity bench. */
export function writeResultJson(path: string, result: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
