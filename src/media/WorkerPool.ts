import type { types } from 'mediasoup';
import { TypedEmitter } from '../util/TypedEmitter.js';
import { MediaWorker, type MediaWorkerOptions } from './MediaWorker.js';
import { ProducerPipes } from './ProducerPipes.js';
import { NoWorkerError } from './NoWorkerError.js';

export interface WorkerPoolOptions extends Omit<MediaWorkerOptions, 'index'> {
  /** How many mediasoup workers to run. @default one per CPU core */
  workers: number;
}

export interface WorkerPoolEvents {
  /** A worker died and was replaced; its sessions' transports are closed already. */
  workerRestarted: [{ index: number; oldPid: number; newPid: number; error: Error }];
  workerRestartFailed: [{ index: number; error: Error }];
}

/**
 * The mediasoup workers, one router each. New sessions go to the least loaded worker; a worker that
 * dies is replaced in its slot; producers reach routers on other workers through pipe transports.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #workers: MediaWorker[];
  readonly #pipes = new ProducerPipes();
  #closed = false;

  private constructor(
    workers: MediaWorker[],
    private readonly options: WorkerPoolOptions,
  ) {
    super();
    this.#workers = workers;
    for (const worker of workers) this.#watch(worker);
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const count = Math.max(1, options.workers);
    const workers: MediaWorker[] = [];
    try {
      for (let index = 0; index < count; index++) workers.push(await MediaWorker.create({ ...options, index }));
    } catch (error) {
      for (const worker of workers) worker.close();
      throw error;
    }
    return new WorkerPool(workers, options);
  }

  get workers(): readonly MediaWorker[] {
    return this.#workers;
  }

  /** The worker with the fewest sessions (first one on ties); NoWorkerError when none is running. */
  leastLoaded(): MediaWorker {
    const live = this.#workers.filter((w) => !w.closed);
    if (live.length === 0) throw new NoWorkerError();
    return live.reduce((best, w) => (w.sessionCount < best.sessionCount ? w : best));
  }

  /** Makes `producer` (media or data, living on `source`) consumable on `target`'s router. */
  async reach(producer: types.Producer | types.DataProducer, source: MediaWorker, target: MediaWorker): Promise<void> {
    if (source === target) return;
    await this.#pipes.ensure(producer, source.router, target.router);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const worker of this.#workers) worker.close();
  }

  #watch(worker: MediaWorker): void {
    worker.worker.once('died', (error) => void this.#replace(worker, error));
  }

  async #replace(dead: MediaWorker, error: Error): Promise<void> {
    if (this.#closed) return;
    try {
      const fresh = await MediaWorker.create({ ...this.options, index: dead.index });
      if (this.#closed) return fresh.close();
      this.#workers[dead.index] = fresh;
      this.#watch(fresh);
      this.emit('workerRestarted', { index: dead.index, oldPid: dead.pid, newPid: fresh.pid, error });
    } catch (restartError) {
      this.emit('workerRestartFailed', { index: dead.index, error: restartError as Error });
    }
  }
}

