/** What a subscription received, with a way to wait for the one a test expects. */
export class EventLog<T> {
  readonly items: T[] = [];
  error: unknown;
  readonly #waiters = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.#waiters) wake();
  }

  fail(error: unknown): void {
    this.error = error;
    for (const wake of this.#waiters) wake();
  }

  /** Resolves with the first item matching `predicate` (already received or coming), or rejects after `timeoutMs`. */
  waitFor(what: string, predicate: (item: T) => boolean, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.items.find(predicate);
        if (found !== undefined) {
          done();
          resolve(found);
          return true;
        }
        if (this.error !== undefined) {
          done();
          reject(new Error(`subscription failed while waiting for ${what}: ${describe(this.error)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.items)}`));
      }, timeoutMs);
      const wake = (): void => void check();
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
      check();
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error) return `close ${(error as { code: number }).code} ${(error as { reason?: string }).reason ?? ''}`;
  return JSON.stringify(error);
}
