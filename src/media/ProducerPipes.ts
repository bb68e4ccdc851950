import type { types } from 'mediasoup';

/**
 * Remembers which producers (media or data) are already piped to which routers. mediasoup's
 * `pipeToRouter` creates a producer with the same id on the target router, so piping twice fails;
 * every caller waits on the first pipe instead. Entries go away with the producer or the target router.
 *
 * The pipes carry RTX and NACK: one UDP socket per router pair takes every piped stream, and when the
 * receiving worker falls behind, the kernel drops on that socket's receive buffer (seen in the
 * meeting bench at 25 participants). Without repair, each dropped packet was lost for every
 * subscriber on the receiving worker; with it the receiving side asks for the packet again.
 */
export class ProducerPipes {
  readonly #pipes = new Map<string, Map<string, Promise<void>>>();

  ensure(producer: types.Producer | types.DataProducer, source: types.Router, target: types.Router): Promise<void> {
    let byRouter = this.#pipes.get(producer.id);
    if (!byRouter) {
      byRouter = new Map();
      this.#pipes.set(producer.id, byRouter);
      onClose(producer, () => this.#pipes.delete(producer.id));
    }
    let pipe = byRouter.get(target.id);
    if (!pipe) {
      const routers = byRouter;
      const which = isDataProducer(producer) ? { dataProducerId: producer.id } : { producerId: producer.id };
      pipe = source.pipeToRouter({ ...which, router: target, enableRtx: true }).then(({ pipeProducer, pipeDataProducer }) => {
        const piped = pipeProducer ?? pipeDataProducer;
        if (piped) onClose(piped, () => routers.delete(target.id));
      });
      pipe.catch(() => routers.delete(target.id));
      byRouter.set(target.id, pipe);
    }
    return pipe;
  }
}

function onClose(producer: types.Producer | types.DataProducer, listener: () => void): void {
  if (isDataProducer(producer)) producer.observer.once('close', listener);
  else producer.observer.once('close', listener);
}

function isDataProducer(producer: types.Producer | types.DataProducer): producer is types.DataProducer {
  return 'sctpStreamParameters' in producer;
}
