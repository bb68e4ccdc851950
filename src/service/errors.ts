import { NoWorkerError } from '../media/NoWorkerError.js';
import { SdpError } from '../sdp/index.js';

/**
 * The contract's error codes (shared/realtime-api.md). Every failure a client can cause or see is
 * an SfuError carrying one of these; the faces map the code to an HTTP status or a GraphQL result.
 */
export const errorCodes = [
  'unauthorized',
  'not_found',
  'decoding_error',
  'invalid_params',
  'payload_too_large',
  'too_many_requests',
  'session_error',
  'invalid_session_description',
  'not_found_track_error',
  'empty_track_error',
  'repeated_local_track_error',
  'update_track_error',
  'close_track_error',
  'retryable_transient_error',
  'temporarily_unavailable_error',
  'transport_unavailable_error',
  'backend_error',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Why a session_error happened, which decides its HTTP status (425 vs 410 vs 406). */
export type SessionErrorReason = 'not_connected' | 'gone' | 'busy';

export class SfuError extends Error {
  override readonly name = 'SfuError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra detail for the status mapping; only session_error uses it today. */
    readonly reason?: SessionErrorReason,
    /** For too_many_requests: when a retry may succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** The contract's error body. */
  toJSON(): { errorCode: ErrorCode; errorDescription: string } {
    return { errorCode: this.code, errorDescription: this.message };
  }
}

/** Per-item failure inside a batch answer (tracks/new, tracks/close). */
export interface ItemError {
  errorCode: ErrorCode;
  errorDescription: string;
}

/**
 * The one conversion of what an operation threw into the contract: an SfuError as it is, the SDP
 * layer's refusal as `invalid_session_description`, out of capacity (no worker, no media port) as
 * `temporarily_unavailable_error`; undefined for anything unexpected.
 */
export function toSfuError(error: unknown): SfuError | undefined {
  if (error instanceof SfuError) return error;
  if (error instanceof SdpError) return new SfuError('invalid_session_description', error.message);
  // mediasoup 3.12 says a port range is exhausted only in its message.
  if (error instanceof NoWorkerError || (error instanceof Error && /no more available ports|port bind failed/i.test(error.message))) {
    return new SfuError('temporarily_unavailable_error', 'the server has no free media port or worker for this now: try again later');
  }
  return undefined;
}

/** An operation's error for the faces: converted when known, else passed on to be masked and logged. */
export function asSfuError(error: unknown): unknown {
  return toSfuError(error) ?? error;
}

/**
 * A per-item failure inside a batch answer. Unexpected errors become `internal_error` for the
 * client and are handed to `onUnexpected` (the session logs them with its id and the item's mid).
 */
export function itemError(error: unknown, onUnexpected?: (error: unknown) => void): ItemError {
  const known = toSfuError(error);
  if (known) return known.toJSON();
  onUnexpected?.(error);
  return { errorCode: 'internal_error', errorDescription: 'internal error' };
}
