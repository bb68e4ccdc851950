import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/util/RateLimiter.js';

describe('a session call budget (token bucket)', () => {
  it('allows a burst of the rate, then says when the next call may come, and refills with time', () => {
    const limiter = new RateLimiter(5);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect(limiter.take(t0)).toBeUndefined();
    expect(limiter.take(t0)).toBe(200);
    expect(limiter.take(t0 + 200)).toBeUndefined();
    expect(limiter.take(t0 + 200)).toBeGreaterThan(0);
    expect(limiter.take(t0 + 1_400)).toBeUndefined();
  });
});
