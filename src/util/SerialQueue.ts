/**
 * Runs tasks one after another. A session pushes every negotiation through one, so two offer/answer
 * exchanges on a PeerConnection never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** How many tasks are queued or running. */
  get pending(): number {
    return this.#pending;
  }

  push<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const run = this.#tail.then(task, task).finally(() => this.#pending--);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
