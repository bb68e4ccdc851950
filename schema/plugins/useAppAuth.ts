import type { Plugin } from 'graphql-yoga';
import { SfuError, type App, type SfuService } from '../../src/service/index.js';
import { authenticateApp } from '../server/auth.js';

/**
 * Authenticates every HTTP request to the GraphQL endpoint before anything of it is parsed or
 * validated: a wrong or missing secret answers 401 with `extensions.code: unauthorized`, and a
 * stranger learns nothing of the schema (no parse errors, no "Did you mean"). The app then goes
 * into the operation's context. WebSocket operations arrive with `app` set by the connection's
 * onConnect. yoga's own earlier hooks (CORS preflight, the GraphiQL page) need no secret.
 */
export function useAppAuth(service: SfuService): Plugin<{ app?: App; request?: Request }> {
  const apps = new WeakMap<Request, App>();
  return {
    onRequest({ request, endResponse }) {
      try {
        apps.set(request, authenticateApp(service, { authorization: request.headers.get('authorization') }));
      } catch (error) {
        if (!(error instanceof SfuError)) throw error;
        endResponse(
          Response.json({ errors: [{ message: error.message, extensions: { code: error.code } }] }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }),
        );
      }
    },
    onContextBuilding({ context, extendContext }) {
      if (context.app) return;
      const app = context.request ? apps.get(context.request) : undefined;
      if (!app) throw new SfuError('unauthorized', 'the request was not authenticated');
      extendContext({ app });
    },
  };
}
