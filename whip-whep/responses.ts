import { SfuError, type ErrorCode, type Logger } from '../src/service/index.js';
import { statusOf } from '../rest-compat/errorStatus.js';

/** The methods a resource URL answers (the `Allow` of a 405). */
export const resourceMethods = 'DELETE, PATCH, OPTIONS';
/** The methods an endpoint URL answers. */
export const endpointMethods = 'POST, OPTIONS';

/**
 * A refusal with an HTTP status of its own (415, 405, 409, 412...), which no contract error code
 * maps to; its body is still the contract's `{errorCode, errorDescription}`.
 */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * CORS for WHIP/WHEP clients in browsers: any origin (the bearer authorizes), and the headers a
 * client must read (Location, ETag, Link) exposed.
 */
export function corsHeaders(request: Request): Headers {
  const headers = new Headers({ Vary: 'Origin' });
  headers.set('Access-Control-Allow-Origin', request.headers.get('origin') ?? '*');
  headers.set('Access-Control-Expose-Headers', 'Location, ETag, Link, Accept-Patch, Retry-After');
  return headers;
}

export function preflight(request: Request, methods: string): Response {
  const headers = corsHeaders(request);
  headers.set('Access-Control-Allow-Methods', methods);
  headers.set('Access-Control-Allow-Headers', request.headers.get('access-control-request-headers') ?? 'authorization, content-type, if-match');
  headers.set('Access-Control-Max-Age', '86400');
  // RFC 9725 section 4.2: an OPTIONS may also be asking which patch formats the resource takes.
  headers.set('Accept-Patch', 'application/trickle-ice-sdpfrag');
  return new Response(null, { status: 204, headers });
}

/** A response with an SDP (or SDP fragment) body. */
export function sdpResponse(request: Request, status: number, sdp: string, extra: Record<string, string>, type = 'application/sdp'): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', type);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(sdp, { status, headers });
}

export function emptyResponse(request: Request, status: number, extra: Record<string, string> = {}): Response {
  const headers = corsHeaders(request);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(null, { status, headers });
}

/** Any failure as the status a WHIP/WHEP client reads and the contract's JSON body. */
export function errorResponse(request: Request, error: unknown, log: Logger): Response {
  if (error instanceof HttpRefusal) return json(request, error.status, { errorCode: error.errorCode, errorDescription: error.message }, error.headers);
  if (error instanceof SfuError) {
    const retry: Record<string, string> = error.retryAfterMs !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } : {};
    return json(request, statusOf(error), error.toJSON(), retry);
  }
  log.error('WHIP/WHEP request failed', { method: request.method, path: new URL(request.url).pathname, error: (error as Error)?.stack ?? String(error) });
  return json(request, 500, { errorCode: 'internal_error', errorDescription: 'internal error' });
}

function json(request: Request, status: number, body: unknown, extra: Record<string, string> = {}): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status, headers });
}
