import { createRequire } from 'node:module';
import type { types } from 'mediasoup';

const require = createRequire(import.meta.url);
/** mediasoup's own helpers module; its consumer SSRCs come from `generateRandomNumber`. */
const mediasoupUtils = require('mediasoup/node/lib/utils.js') as { generateRandomNumber: () => number };

/**
 * `transport.consume()` whose consumer sends with a chosen SSRC (and RTX with SSRC + 1, as
 * mediasoup always pairs them).
 *
 * Why: re-pointing a receiving transceiver at another track (tracks/update) must not change what
 * the client's SDP signalled, or the browser would drop the packets; mediasoup has no option for
 * it. mediasoup 3.12 draws the consumer's SSRC synchronously inside `consume()` before its first
 * await, so the generator is swapped for exactly that call. Pinned to mediasoup 3.12.x; a test
 * checks the SSRC is kept.
 */
export function consumeWithSsrc(
  transport: types.Transport,
  options: types.ConsumerOptions,
  ssrc: number,
): Promise<types.Consumer> {
  const original = mediasoupUtils.generateRandomNumber;
  mediasoupUtils.generateRandomNumber = () => ssrc;
  try {
    return transport.consume(options);
  } finally {
    mediasoupUtils.generateRandomNumber = original;
  }
}
