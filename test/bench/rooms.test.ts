/**
 * The meeting (b) and audio room (c) benches at their smallest, against ours only. They check that
 * every participant's pull delivers and that each size gets a row, never speed.
 */
import { describe, expect, it } from 'vitest';
import { runAudioRoomBench } from '../../bench/audioRoom.js';
import { runMeetingBench } from '../../bench/meeting.js';
import { formatTable } from '../../bench/table.js';

describe('the room benches, quick', () => {
  it("delivers every participant's audio and video to the other two in a meeting of three", async () => {
    const { tables, result } = await runMeetingBench({ participants: [3], windowMs: 2_000, targets: ['ours'] });
    const [run] = result.runs;
    expect(run!.steps.map((s) => s.size)).toEqual([3]);
    expect(run!.steps[0]!.receivedPackets).toBeGreaterThan(0);
    expect(run!.steps[0]!.expectedStreams).toBe(12);
    expect(run!.steps[0]!.liveStreams).toBeGreaterThan(0);
    expect(tables[0]!.rows).toHaveLength(1);
    expect(formatTable(tables[0]!)).toMatch(/^Meeting \(b\)/);
  }, 120_000);

  it('delivers three audio publishers to each of two subscribers in an audio room', async () => {
    const { tables, result } = await runAudioRoomBench({ publishers: 3, subscribers: [2], windowMs: 2_000, targets: ['ours'] });
    const [run] = result.runs;
    expect(run!.steps.map((s) => s.size)).toEqual([2]);
    expect(run!.steps[0]!.receivedPackets).toBeGreaterThan(0);
    expect(run!.steps[0]!.expectedStreams).toBe(6);
    expect(tables[0]!.rows).toHaveLength(1);
    expect(formatTable(tables[1]!)).toMatch(/^Audio room \(c\), ours/);
  }, 120_000);
});
