import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PcmPacer } from '../../src/service/adapters/PcmPacer.js';

const frameBytes = 3840;

describe('PcmPacer (ingest buffer mode)', () => {
  let frames: Buffer[];
  let pauses: boolean[];
  let pacer: PcmPacer;
  /** Time the event loop "lost": the clock moves on without the timer firing. */
  let stalled: number;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    frames = [];
    pauses = [];
    stalled = 0;
    pacer = new PcmPacer({
      onFrame: (frame) => frames.push(frame),
      onBackpressure: (paused) => pauses.push(paused),
      maxQueuedMs: 1000,
      now: () => performance.now() + stalled,
    });
  });

  afterEach(() => {
    pacer.stop();
    vi.useRealTimers();
  });

  it('plays a burst out one 20 ms frame per 20 ms, in order, then silence', () => {
    const burst = Buffer.alloc(frameBytes * 10);
    for (let i = 0; i < 10; i++) burst.fill(i + 1, i * frameBytes, (i + 1) * frameBytes);
    pacer.push(burst);
    pacer.start();
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(frames).toHaveLength(6);
    vi.advanceTimersByTime(200);
    expect(frames.slice(0, 10).map((f) => f[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(frames.every((f) => f.length === frameBytes)).toBe(true);
    expect(frames.slice(10).every((f) => f.every((b) => b === 0))).toBe(true);
  });

  it('joins chunks of any size into whole frames, and plays a partial frame padded after one frame of waiting', () => {
    pacer.start();
    pacer.push(Buffer.alloc(1000, 7));
    pacer.push(Buffer.alloc(frameBytes - 1000, 8));
    vi.advanceTimersByTime(20);
    expect(frames[1]!.subarray(0, 1000).every((b) => b === 7) && frames[1]!.subarray(1000).every((b) => b === 8)).toBe(true);
    pacer.push(Buffer.alloc(100, 9));
    vi.advanceTimersByTime(20);
    expect(frames[2]!.every((b) => b === 0)).toBe(true);
    vi.advanceTimersByTime(20);
    expect(frames[3]!.subarray(0, 100).every((b) => b === 9) && frames[3]!.subarray(100).every((b) => b === 0)).toBe(true);
  });

  it('asks the endpoint to pause past maxQueuedMs and to resume at half of it, dropping nothing', () => {
    pacer.push(Buffer.alloc(frameBytes * 60, 1));
    expect(pauses).toEqual([true]);
    pacer.start();
    vi.advanceTimersByTime(20 * 30);
    expect(pauses).toEqual([true]);
    vi.advanceTimersByTime(20 * 6);
    expect(pauses).toEqual([true, false]);
    vi.advanceTimersByTime(20 * 40);
    expect(frames.filter((f) => f[0] === 1)).toHaveLength(60);
  });

  it('after a stall, catches up by at most ten frames at once, keeping the audio', () => {
    pacer.push(Buffer.alloc(frameBytes * 20, 1));
    pacer.start();
    vi.advanceTimersByTime(20);
    expect(frames).toHaveLength(2);
    stalled = 1000;
    vi.advanceTimersByTime(10);
    expect(frames).toHaveLength(12);
    vi.advanceTimersByTime(200);
    expect(frames.filter((f) => f[0] === 1)).toHaveLength(20);
  });
});
