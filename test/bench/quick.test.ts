/**
 * The capacity bench at its smallest: two libdatachannel subscribers for two seconds, through our
 * SFU and through Janus. It checks only that the load generator works end to end against each
 * target (media arrived, a row was measured), never speed.
 */
import { describe, expect, it } from 'vitest';
import { runCapacityBench } from '../../bench/capacity.js';
import { formatTable } from '../../bench/table.js';
import { janusUnavailable } from '../../bench/targets/janus.js';

const janusMissing = janusUnavailable();
if (janusMissing) console.warn(`skipping the capacity bench against Janus: ${janusMissing}`);

describe('the capacity bench, quick', () => {
  it("delivers the publisher's RTP to two subscribers and prints a row for the step", async () => {
    const { tables, result } = await runCapacityBench({ subscribers: [2], windowMs: 2_000, targets: ['ours'] });
    const [run] = result.runs;
    expect(run!.steps.map((s) => s.subscribers)).toEqual([2]);
    expect(run!.steps[0]!.receivedPackets).toBeGreaterThan(0);
    expect(tables[0]!.rows).toHaveLength(1);
    expect(formatTable(tables[0]!)).toMatch(/^Capacity \(a\)/);
  }, 180_000);

  it.skipIf(janusMissing)("delivers the publisher's RTP through Janus's VideoRoom to two subscribers", async () => {
    const { tables, result } = await runCapacityBench({ subscribers: [2], windowMs: 2_000, targets: ['janus'] });
    const [run] = result.runs;
    // A Janus that could not start leaves no step, and its reason says why.
    expect(run!.stopReason).not.toMatch(/could not start/);
    const [step] = run!.steps;
    expect(step!.target).toBe('janus');
    expect(step!.subscribers).toBe(2);
    expect(step!.joinFailures).toBe(0);
    expect(step!.silentSubscribers).toBe(0);
    expect(step!.receivedPackets).toBeGreaterThan(0);
    expect(formatTable(tables[1]!)).toMatch(/^Capacity \(a\), janus/);
  }, 180_000);
});
