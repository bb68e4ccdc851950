/**
 * The simulcast bench (scenario d) at its smallest: three subscribers, one per layer, one switch
 * round, against ours and (if installed) Janus. It checks only that the layers are really
 * different streams and that each subscriber got the one it asked for before and after
 * switching, never speed.
 */
import { describe, expect, it } from 'vitest';
import { runSimulcastBench } from '../../bench/simulcast.js';
import { percentile } from '../../bench/stats.js';
import { formatTable } from '../../bench/table.js';
import { janusUnavailable } from '../../bench/targets/janus.js';
import type { TargetName } from '../../bench/targets/index.js';

const janusMissing = janusUnavailable();
if (janusMissing) console.warn(`skipping the simulcast bench against Janus: ${janusMissing}`);

async function expectLayersDelivered(target: TargetName): Promise<void> {
  const { tables, result } = await runSimulcastBench({ subscribers: 3, switchRounds: 1, windowMs: 1_500, targets: [target] });
  const [run] = result.runs;
  expect(run!.skipped).toBeUndefined();
  expect(run!.phases.map((p) => p.round)).toEqual([0, 1]);
  for (const phase of run!.phases) {
    // q < h < f by what arrived: the layers are different streams, not one forwarded three times.
    const rates = phase.layers.map((l) => percentile(l.receivedKbps, 50));
    expect(rates[0]!).toBeGreaterThan(0);
    expect(rates[1]!).toBeGreaterThan(rates[0]! * 1.5);
    expect(rates[2]!).toBeGreaterThan(rates[1]! * 1.5);
    expect(phase.layers.map((l) => l.onLayer)).toEqual([1, 1, 1]);
  }
  const switched = run!.phases[1]!.layers;
  expect(switched.flatMap((l) => l.switchMs)).toHaveLength(3);
  expect(switched.reduce((sum, l) => sum + l.switchesIncomplete, 0)).toBe(0);
  expect(formatTable(tables[0]!)).toMatch(/^Simulcast \(d\)/);
  expect(formatTable(tables[1]!)).toMatch(new RegExp(`^Simulcast \\(d\\), ${target}`));
}

describe('the simulcast bench, quick', () => {
  it('delivers each subscriber the layer it asked for, and the new one after a switch', () => expectLayersDelivered('ours'), 180_000);

  it.skipIf(janusMissing)('does the same through Janus (VideoRoom substream by configure)', () => expectLayersDelivered('janus'), 180_000);
});
