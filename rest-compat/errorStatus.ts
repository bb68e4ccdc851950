import type { ErrorCode, SfuError } from '../src/service/index.js';

/** HTTP status of each contract error code when it fails a whole request (shared/realtime-api.md). */
const statusByCode: Record<ErrorCode, number> = {
  unauthorized: 401,
  not_found: 404,
  decoding_error: 400,
  invalid_params: 406,
  payload_too_large: 413,
  too_many_requests: 429,
  session_error: 425,
  invalid_session_description: 400,
  not_found_track_error: 404,
  empty_track_error: 404,
  repeated_local_track_error: 400,
  update_track_error: 400,
  close_track_error: 400,
  retryable_transient_error: 503,
  temporarily_unavailable_error: 503,
  transport_unavailable_error: 503,
  backend_error: 502,
  internal_error: 500,
};

export function statusOf(error: SfuError): number {
  if (error.code === 'session_error') {
    if (error.reason === 'gone') return 410;
    if (error.reason === 'busy') return 406;
    if (error.reason === 'not_connected') return 425;
  }
  return statusByCode[error.code];
}

/** The `Retry-After` (whole seconds, at least 1) of an error that carries a retry hint, if it does. */
export function retryAfterOf(error: SfuError): string | undefined {
  return error.retryAfterMs !== undefined ? String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) : undefined;
}
