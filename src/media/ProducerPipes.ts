import type { types } from 'mediasoup';

/**
 * Remembers which producers are already piped to which routers. mediasoup's `pipeToRouter` creates
 * a producer with the same id on the target router, so piping twice fails; every caller waits on
 * the first pipe instead. Entries go away with the producer or the target router.
 */
export class ProducerPipes {
  readonly #pipes = new Map<string, Map<string, Promise<void>>>();

  ensure(producer: types.Producer, source: types.Router, target: types.Router): Promise<void> {
    let byRouter = this.#pipes.get(producer.id);
    if (!byRouter) {
      byRouter = new Map();
      this.#pipes.set(producer.id, byRouter);
      producer.observer.once('close', () => this.#pipes.delete(producer.id));
    }
    let pipe = byRouter.get(target.id);
    if (!pipe) {
      const routers = byRouter;
      pipe = source.pipeToRouter({ producerId: producer.id, router: target }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => routers.delete(target.id));
      });
      pipe.catch(() => routers.delete(target.id));
      byRouter.set(target.id, pipe);
    }
    return pipe;
  }
}
