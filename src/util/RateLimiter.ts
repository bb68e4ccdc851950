/**
 * A token bucket: `ratePerSecond` calls a second on average, bursts up to the same number.
 * The contract limits each session to 50 API calls a second.
 */
export class RateLimiter {
  #tokens: number;
  #updatedAt = Date.now();

  constructor(private readonly ratePerSecond: number) {
    this.#tokens = ratePerSecond;
  }

  /** Takes one call; undefined when allowed, else the milliseconds until one is allowed again. */
  take(now = Date.now()): number | undefined {
    this.#tokens = Math.min(this.ratePerSecond, this.#tokens + ((now - this.#updatedAt) / 1000) * this.ratePerSecond);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return undefined;
    }
    return Math.ceil(((1 - this.#tokens) / this.ratePerSecond) * 1000);
  }
}
