/** The per-packet floor is measured by a C program linked against libsrtp2 (bench/floor/srtp-floor.c). */
import { describe, expect, it } from 'vitest';
import { measureSrtpFloor } from '../../bench/load/srtpFloor.js';

describe('the SRTP floor', () => {
  it('builds the libsrtp2 program and measures a protect and a send', async () => {
    const floor = await measureSrtpFloor(2_000);
    expect(floor.method).toBe('libsrtp2');
    expect(floor.packets).toBe(2_000);
    expect(floor.protectUs).toBeGreaterThan(0);
    expect(floor.sendUs).toBeGreaterThan(0);
    expect(floor.totalUs).toBeCloseTo(floor.protectUs + floor.sendUs, 6);
  }, 60_000);
});
