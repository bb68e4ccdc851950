/**
 * The capacity bench at its smallest: two libdatachannel subscribers for two seconds. It checks
 * only that the load generator works end to end (media arrived, a row was measured), never speed.
 */
import { describe, expect, it } from 'vitest';
import { runCapacityBench } from '../../bench/capacity.js';
import { formatTable } from '../../bench/table.js';

describe('the capacity bench, quick', () => {
  it("delivers the publisher's RTP to two subscribers and prints a row for the step", async () => {
    const { tables, result } = await runCapacityBench({ subscribers: [2], windowMs: 2_000, targets: ['ours'] });
    const [run] = result.runs;
    expect(run!.steps.map((s) => s.subscribers)).toEqual([2]);
    expect(run!.steps[0]!.receivedPackets).toBeGreaterThan(0);
    expect(tables[0]!.rows).toHaveLength(1);
    expect(formatTable(tables[0]!)).toMatch(/^Capacity \(a\)/);
  }, 180_000);
});
