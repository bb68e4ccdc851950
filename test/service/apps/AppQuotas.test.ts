import { describe, expect, it } from 'vitest';
import { AppQuotas } from '../../../src/service/apps/AppQuotas.js';
import { SfuError } from '../../../src/service/errors.js';
import { codeOf } from '../../helpers/errors.js';

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
