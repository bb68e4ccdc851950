import { describe, expect, it } from 'vitest';
import { AppQuotas } from '../../src/service/apps/AppQuotas.js';
import { SfuError } from '../../src/service/errors.js';
import { checkMetadata } from '../../src/service/session/metadata.js';
import { RateLimiter } from '../../src/util/RateLimiter.js';

const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof SfuError ? error.code : 'not an SfuError';
  }
};

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

describe('per-app session quotas', () => {
  it('refuses the app past its live sessions with invalid_params, counts ended ones back, and never touches another app', () => {
    const quotas = new AppQuotas({ maxSessionsPerApp: 2, sessionsPerSecondPerApp: 100 });
    quotas.admitSession('a');
    quotas.admitSession('a');
    expect(codeOf(() => quotas.admitSession('a'))).toBe('invalid_params');
    expect(codeOf(() => quotas.admitSession('b'))).toBeUndefined();
    quotas.sessionEnded('a');
    expect(codeOf(() => quotas.admitSession('a'))).toBeUndefined();
  });

  it('refuses the app past its creation rate with too_many_requests and a retry time', () => {
    const quotas = new AppQuotas({ maxSessionsPerApp: 100, sessionsPerSecondPerApp: 2 });
    quotas.admitSession('a');
    quotas.admitSession('a');
    try {
      quotas.admitSession('a');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SfuError);
      expect((error as SfuError).code).toBe('too_many_requests');
      expect((error as SfuError).retryAfterMs).toBeGreaterThan(0);
    }
    expect(codeOf(() => quotas.admitSession('b'))).toBeUndefined();
  });
});

describe('session metadata bounds', () => {
  const limits = { maxMetadataBytes: 1_000, maxMetadataDepth: 4 };

  it('accepts ordinary metadata and refuses too deep or too large values with invalid_params', () => {
    expect(codeOf(() => checkMetadata({ name: 'Ada', tags: ['a', { b: 1 }] }, limits))).toBeUndefined();
    expect(codeOf(() => checkMetadata({ a: { b: { c: { d: 1 } } } }, limits))).toBeUndefined();
    expect(codeOf(() => checkMetadata({ a: { b: { c: { d: { e: 1 } } } } }, limits))).toBe('invalid_params');
    expect(codeOf(() => checkMetadata('x'.repeat(1_001), limits))).toBe('invalid_params');
  });

  it('measures a value nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codeOf(() => checkMetadata(deep, limits))).toBe('invalid_params');
  });

  it('refuses a shallow value with very many members before serializing it', () => {
    const wide = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, {}]));
    expect(codeOf(() => checkMetadata(wide, limits))).toBe('invalid_params');
  });
});
