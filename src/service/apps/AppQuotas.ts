import { SfuError } from '../errors.js';
import { RateLimiter } from '../../util/RateLimiter.js';

/** What one app may hold of the server's shared capacity, so no tenant can starve the others. */
export interface AppQuotaLimits {
  /** Live sessions one app may have at once (each holds a media port pair). `SFU_MAX_SESSIONS_PER_APP`, @default 1000 */
  maxSessionsPerApp: number;
  /** sessions/new calls one app may make per second (burst of the same size) before 429. `SFU_SESSIONS_PER_SECOND_PER_APP`, @default 500 */
  sessionsPerSecondPerApp: number;
}

/**
 * Per-app admission of new sessions: a rate (429 with Retry-After) and a ceiling on live
 * sessions (406). The service tells it when sessions open and close.
 */
export class AppQuotas {
  readonly #live = new Map<string, number>();
  readonly #rates = new Map<string, RateLimiter>();

  constructor(private readonly limits: AppQuotaLimits) {}

  /** Throws the contract's error when the app may not open one more session now; else counts it. */
  admitSession(appId: string): void {
    let rate = this.#rates.get(appId);
    if (!rate) this.#rates.set(appId, (rate = new RateLimiter(this.limits.sessionsPerSecondPerApp)));
    const live = this.#live.get(appId) ?? 0;
    if (live >= this.limits.maxSessionsPerApp) {
      throw new SfuError('invalid_params', `app ${appId} already has ${live} live sessions, its limit: close some first`);
    }
    const retryAfterMs = rate.take();
    if (retryAfterMs !== undefined) {
      throw new SfuError('too_many_requests', `app ${appId} created more than ${this.limits.sessionsPerSecondPerApp} sessions in a second`, undefined, retryAfterMs);
    }
    this.#live.set(appId, live + 1);
  }

  /** A session admitted by `admitSession` ended, or failed to start. */
  sessionEnded(appId: string): void {
    const live = (this.#live.get(appId) ?? 1) - 1;
    if (live > 0) this.#live.set(appId, live);
    else this.#live.delete(appId);
  }
}
