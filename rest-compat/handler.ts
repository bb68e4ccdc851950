import { bearerToken, SfuError, type Logger, type SfuApi } from '../src/service/index.js';
import { readJsonBody } from './body.js';
import { corsHeaders, preflight } from './cors.js';
import { writtenResponse } from './writtenResponse.js';
import { retryAfterOf, statusOf } from './errorStatus.js';
import { routes, type Route } from './routes.js';
import { decodeGenerateIceServers, turnPath, type TurnMinter } from './turn.js';

export interface RestOptions {
  /** Largest request body accepted, in bytes. @default 1 MiB */
  maxBodyBytes: number;
  log: Logger;
  /** TURN credentials for `POST /v1/turn/keys/{keyId}/credentials/generate-ice-servers`. @default unset: that route is 404 */
  turn?: TurnMinter;
}

/** `/apps/{appId}/rest`, with or without the `/v1` prefix some clients use; the id may be empty (then 404). */
const appPath = /^(?:\/v1)?\/apps(?:\/([^/]*)(\/.*)?)?$/;
/** Anything else under `/v1` is the API's too: its 404 is in the contract's shape. */
const apiPath = /^\/v1(?:\/|$)/;

/**
 * The Cloudflare-compatible HTTPS API as a fetch handler. Answers every `/apps/...` and `/v1/apps/...`
 * request (undefined for other paths, so the server can route them elsewhere).
 */
export function createRestHandler(service: SfuApi, options: RestOptions) {
  const compiled = routes.map((route) => ({ route, pattern: compile(route.path) }));

  return async function handleRest(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const turnMatch = turnPath.exec(url.pathname);
    if (turnMatch) return handleTurn(request, turnMatch[1]!, options);
    const match = appPath.exec(url.pathname);
    if (!match && !apiPath.test(url.pathname)) return undefined;
    if (request.method === 'OPTIONS') return preflight(request);
    let appId: string | undefined;
    let params: Record<string, string> = {};
    try {
      if (!match) throw new SfuError('not_found', `no endpoint ${request.method} ${url.pathname}`);
      appId = decodePathSegment(match[1] ?? '', 'app id');
      if (appId === '') throw new SfuError('not_found', 'the path names no app: expected /v1/apps/{appId}/...');
      const rest = match[2] ?? '/';
      const found = find(compiled, request.method, rest);
      const caller = await service.authenticate(bearerToken(request.headers.get('authorization')), appId);
      if (!found) throw new SfuError('not_found', `no endpoint ${request.method} ${url.pathname}`);
      params = found.params;
      const result = await found.route.handle({
        service,
        caller,
        params: found.params,
        query: url.searchParams,
        body: () => readJsonBody(request, options.maxBodyBytes),
      });
      return json(request, result.status, result.body);
    } catch (error) {
      return errorResponse(request, error, options.log, { appId, sessionId: params['sessionId'] });
    }
  };
}

/** The hosted service's TURN credential call: 201 `{iceServers}`, errors in the contract's shape. */
async function handleTurn(request: Request, rawKeyId: string, options: RestOptions): Promise<Response> {
  if (request.method === 'OPTIONS') return preflight(request);
  try {
    const { turn } = options;
    if (!turn) throw new SfuError('not_found', 'this server hands out no TURN credentials: set SFU_TURN_URLS and SFU_TURN_SECRET');
    if (request.method !== 'POST') throw new SfuError('not_found', `no endpoint ${request.method} ${new URL(request.url).pathname}`);
    turn.authenticate(decodePathSegment(rawKeyId, 'TURN key id'), bearerToken(request.headers.get('authorization')));
    const { ttl, customIdentifier } = decodeGenerateIceServers(await readJsonBody(request, options.maxBodyBytes));
    return json(request, 201, { iceServers: turn.iceServers(ttl, customIdentifier) });
  } catch (error) {
    return errorResponse(request, error, options.log, {});
  }
}

function errorResponse(request: Request, error: unknown, log: Logger, scope: { appId?: string | undefined; sessionId?: string | undefined }): Response {
  if (error instanceof SfuError) {
    const response = json(request, statusOf(error), error.toJSON());
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) response.headers.set('Retry-After', retryAfter);
    return response;
  }
  // The path, not the URL: a query string is the client's and may carry anything.
  const { pathname } = new URL(request.url);
  if (request.signal.aborted || (error as { code?: string })?.code === 'ECONNRESET' || (error as Error)?.message === 'aborted') {
    // The client went away mid-request: nothing to answer, nothing wrong here.
    log.debug('request aborted by the client', { method: request.method, path: pathname, ...scope });
    return json(request, 400, { errorCode: 'decoding_error', errorDescription: 'the request was aborted before its body ended' });
  }
  log.error('request failed', { method: request.method, path: pathname, ...scope, error: (error as Error)?.stack ?? String(error) });
  return json(request, 500, { errorCode: 'internal_error', errorDescription: 'internal error' });
}

/** A JSON answer, written in one go (writtenResponse.ts). */
function json(request: Request, status: number, body: unknown): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', 'application/json');
  return writtenResponse(JSON.stringify(body), { status, headers });
}

function compile(path: string): RegExp {
  const source = path.replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[^/]+)`);
  return new RegExp(`^${source}/?$`);
}

function find(
  compiled: { route: Route; pattern: RegExp }[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern } of compiled) {
    const match = pattern.exec(path);
    if (match && (route.method === method || (route.method === 'PUT' && method === 'POST'))) {
      const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodePathSegment(v, k)]));
      return { route, params };
    }
  }
  return undefined;
}

/** A %-decoded path segment; a malformed escape is the client's mistake (400), not ours. */
function decodePathSegment(segment: string, what: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SfuError('decoding_error', `the ${what} in the path has a malformed %-escape`);
  }
}
