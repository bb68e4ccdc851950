/** Every worker is down (dead and not yet replaced): the server cannot place a session now. */
export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';

  constructor() {
    super('no mediasoup worker is running');
  }
}
