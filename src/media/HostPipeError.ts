import type { PipeErrorCode } from './HostPipeMessages.js';

/** An import between instances failed; `code` says how, the message says what and on which instance. */
export class HostPipeError extends Error {
  override readonly name = 'HostPipeError';

  constructor(
    readonly code: PipeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
