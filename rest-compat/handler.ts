import { SfuError } from '../src/service/errors.js';
import type { Logger } from '../src/service/Logger.js';
import type { SfuService } from '../src/service/SfuService.js';
import { readJsonBody } from './body.js';
import { corsHeaders, preflight } from './cors.js';
import { statusOf } from './errorStatus.js';
import { routes, type Route } from './routes.js';

export interface RestOptions {
  /** Largest request body accepted, in bytes. @default 1 MiB */
  maxBodyBytes: number;
  log: Logger;
}

/** `/apps/{appId}/rest`, with or without the `/v1` prefix some clients use. */
const appPath = /^(?:\/v1)?\/apps\/([^/]+)(\/.*)?$/;

/**
 * The Cloudflare-compatible HTTPS API as a fetch handler. Answers every `/apps/...` and `/v1/apps/...`
 * request (undefined for other paths, so the server can route them elsewhere).
 */
export function createRestHandler(service: SfuService, options: RestOptions) {
  const compiled = routes.map((route) => ({ route, pattern: compile(route.path) }));

  return async function handleRest(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const match = appPath.exec(url.pathname);
    if (!match) return undefined;
    if (request.method === 'OPTIONS') return preflight(request);
    try {
      const appId = decodeURIComponent(match[1]!);
      const rest = match[2] ?? '/';
      const found = find(compiled, request.method, rest);
      const app = service.authenticate(appId, bearer(request));
      if (!found) throw new SfuError('not_found', `no endpoint ${request.method} ${url.pathname}`);
      const result = await found.route.handle({
        service,
        app,
        params: found.params,
        query: url.searchParams,
        body: () => readJsonBody(request, options.maxBodyBytes),
      });
      return json(request, result.status, result.body);
    } catch (error) {
      return errorResponse(request, error, options.log);
    }
  };
}

function errorResponse(request: Request, error: unknown, log: Logger): Response {
  if (error instanceof SfuError) {
    const response = json(request, statusOf(error), error.toJSON());
    if (error.retryAfterMs !== undefined) response.headers.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    return response;
  }
  log.error('request failed', { method: request.method, url: request.url, error: (error as Error)?.stack ?? String(error) });
  return json(request, 500, { errorCode: 'internal_error', errorDescription: 'internal error' });
}

function json(request: Request, status: number, body: unknown): Response {
  const headers = corsHeaders(request);
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers });
}

function bearer(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
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
      const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      return { route, params };
    }
  }
  return undefined;
}
