import type { Logger } from '../service/Logger.js';

/**
 * Writes to the store that must happen, in order, even across an outage (a session registered,
 * then closed): each waits for the one before, and one that fails is retried until it passes.
 * The instance's own sessions keep working meanwhile; only other instances' view lags.
 */
export class StoreWrites {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(
    private readonly log: Logger,
    private readonly retryMs = 500,
  ) {}

  get pending(): number {
    return this.#pending;
  }

  push(what: string, write: () => Promise<void>): void {
    this.#pending++;
    this.#tail = this.#tail.then(async () => {
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await write();
          break;
        } catch (error) {
          if (attempt === 0) this.log.warn('cluster store write waits for the store', { what, error: (error as Error).message });
          await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        }
      }
      this.#pending--;
    });
  }

  /** Waits for what is queued, at most `timeoutMs`, then stops retrying what is left (logged). */
  async flush(timeoutMs: number): Promise<void> {
    await Promise.race([this.#tail, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    this.#closed = true;
    if (this.#pending > 0) this.log.warn('cluster store writes given up at shutdown', { pending: this.#pending });
  }
}
