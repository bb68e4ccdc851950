import type { ErrorCode } from '../errors.js';

/** The adapter codes of Cloudflare's error-codes page ("Adapter errors"), beside the contract's general ones. */
export const adapterErrorCodes = [
  'websocket_localhost_not_allowed',
  'websocket_handshake_failed',
  'websocket_connection_timeout',
  'adapter_not_found',
] as const;

export type AdapterErrorCode = (typeof adapterErrorCodes)[number];

/** An adapter item's failure: one of the adapter codes, or a general code (not found track, invalid params). */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';

  constructor(
    readonly code: AdapterErrorCode | ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
