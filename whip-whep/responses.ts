import { SfuError, type ErrorCode, type Logger } from '../src/service/index.js';
import { corsHeaders as restCorsHeaders, preflight as restPreflight } from '../rest-compat/cors.js';
import { retryAfterOf, statusOf } from '../rest-compat/errorStatus.js';
import { writtenResponse } from '../rest-compat/writtenResponse.js';

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
const exposed = 'Location, ETag, Link, Accept-Patch, Retry-After';

export function corsHeaders(request: Request): Headers {
  return restCorsHeaders(request, { exposed });
}

export function preflight(request: Request, methods: string): Response {
  const response = restPreflight(request, { exposed, methods, allowHeaders: 'authorization, content-type, if-match' });
  // RFC 9725 section 4.2: an OPTIONS may also be asking which patch formats the resource takes.
  response.headers.set('Accept-Patch', 'application/trickle-ice-sdpfrag');
  return response;
}

/** A response with an SDP (or SDP fragment) body. */
export function sdpResponse(request: Request, status: number, sdp: string, extra: Record<string, string>, type = 'application/sdp'): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', type);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return writtenResponse(sdp, { status, headers });
}

export function emptyResponse(request: Request, status: number, extra: Record<string, string> = {}): Response {
  const headers = corsHeaders(request);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return writtenResponse(null, { status, headers });
}

/** Any failure as the status a WHIP/WHEP client reads and the contract's JSON body. */
export function errorResponse(request: Request, error: unknown, log: Logger): Response {
  if (error instanceof HttpRefusal) return json(request, error.status, { errorCode: error.errorCode, errorDescription: error.message }, error.headers);
  if (error instanceof SfuError) {
    const retryAfter = retryAfterOf(error);
    const retry: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': retryAfter } : {};
    return json(request, statusOf(error), error.toJSON(), retry);
  }
  log.error('WHIP/WHEP request failed', { method: request.method, path: new URL(request.url).pathname, error: (error as Error)?.stack ?? String(error) });
  return json(request, 500, { errorCode: 'internal_error', errorDescription: 'internal error' });
}

function json(request: Request, status: number, body: unknown, extra: Record<string, string> = {}): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return writtenResponse(JSON.stringify(body), { status, headers });
}
