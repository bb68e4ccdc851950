import { routes } from '../../../rest-compat/routes.js';
import { internalPath } from '../../cluster/InternalRpc.js';

/** A request as metrics and the access log name it: never the raw path, whose ids are unbounded. */
export interface RouteName {
  /** Which face answered: `rest`, `whip-whep`, `graphql`, `ops` (health, metrics), `internal` (cluster), `static`, `other`. */
  face: string;
  /** The path with its variable parts named (`/v1/apps/:appId/sessions/:sessionId/tracks/new`); `other` for unknown paths. */
  route: string;
  /** The app id and session id in the path, when there are any (the access log's fields, not labels). */
  appId?: string;
  sessionId?: string;
}

const restPaths = routes.map((route) => ({
  template: route.path,
  pattern: new RegExp(`^${route.path.replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[^/]+)`)}/?$`),
}));
const appPath = /^(\/v1)?\/apps\/([^/]+)(\/.*)?$/;
const whipWhepPath = /^\/v1\/apps\/([^/]+)\/(whip|whep)\/[^/]+(?:\/([^/]+))?\/?$/;
const opsPaths = new Set(['/metrics', '/healthz', '/readyz']);
const staticPaths = new Set(['/', '/index.html', '/loopback.html', '/example/operations.graphql']);

/** Names a request path by its route template; a bounded set of values whatever clients send. */
export function routeName(pathname: string): RouteName {
  if (opsPaths.has(pathname)) return { face: 'ops', route: pathname };
  if (pathname === '/graphql' || pathname === '/graphql/') return { face: 'graphql', route: '/graphql' };
  if (pathname === internalPath) return { face: 'internal', route: internalPath };
  if (staticPaths.has(pathname) || pathname.startsWith('/room/')) return { face: 'static', route: pathname.startsWith('/room/') ? '/room/*' : pathname };
  const whip = whipWhepPath.exec(pathname);
  if (whip) {
    const [, appId, kind, sessionId] = whip;
    return { face: 'whip-whep', route: `/v1/apps/:appId/${kind}/:streamName${sessionId ? '/:sessionId' : ''}`, appId: safe(appId), ...(sessionId ? { sessionId: safe(sessionId) } : {}) };
  }
  const app = appPath.exec(pathname);
  if (app) {
    const [, v1 = '', appId, rest = '/'] = app;
    for (const { template, pattern } of restPaths) {
      const match = pattern.exec(rest);
      if (match) {
        const sessionId = match.groups?.['sessionId'];
        return { face: 'rest', route: `${v1}/apps/:appId${template}`, appId: safe(appId), ...(sessionId ? { sessionId: safe(sessionId) } : {}) };
      }
    }
    return { face: 'rest', route: 'other', appId: safe(appId) };
  }
  return { face: pathname.startsWith('/v1') ? 'rest' : 'other', route: 'other' };
}

/** A path segment as a log field: decoded, and cut short so a client cannot write long lines. */
function safe(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // kept as sent
  }
  return decoded.slice(0, 128);
}
