/**
 * The control-plane bench at its smallest: a few operations at one and two clients, ours and raw
 * mediasoup. It checks only that both systems ran every operation and a row came out per batch,
 * never speed.
 */
import { describe, expect, it } from 'vitest';
import { runControlPlaneBench } from '../../bench/controlPlane.js';
import { formatTable } from '../../bench/table.js';

describe('the control-plane bench, quick', () => {
  it('runs sessions/new, publish and pull against our SFU and raw mediasoup and prints a row for each', async () => {
    const { table, result } = await runControlPlaneBench({ concurrency: [1, 2], minOperations: 4, operationsPerClient: 1, warmup: 1, idleMs: 200 });
    expect(result.phases.map((p) => `${p.concurrency} ${p.operation}`)).toEqual(['1 sessions/new', '1 publish', '1 pull', '2 sessions/new', '2 publish', '2 pull']);
    for (const phase of result.phases) {
      expect(phase.ours.failures, phase.ours.firstFailure).toBe(0);
      expect(phase.raw.failures, phase.raw.firstFailure).toBe(0);
      expect(phase.ours.latencyMs.n).toBe(4);
      expect(phase.raw.latencyMs.n).toBe(4);
    }
    expect(table.rows).toHaveLength(6);
    expect(formatTable(table)).toMatch(/^Control plane \(f\)/);
  }, 120_000);
});
