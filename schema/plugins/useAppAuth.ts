import type { Plugin } from 'graphql-yoga';
import { SfuError, type App, type Caller, type SfuApi } from '../../src/service/index.js';
import { authenticateCaller } from '../server/auth.js';

/**
 * Authenticates every HTTP request to the GraphQL endpoint before anything of it is parsed or
 * validated: a wrong or missing secret or token answers 401 with `extensions.code: unauthorized`, and a
 * stranger learns nothing of the schema (no parse errors, no "Did you mean"). The caller then goes
 * into the operation's context. WebSocket operations arrive with `caller` set by the connection's
 * onConnect. yoga's own earlier hooks (CORS preflight, the GraphiQL page) need no secret.
 */
export function useAppAuth(service: SfuApi): Plugin<{ app?: App; caller?: Caller; request?: Request }> {
  const callers = new WeakMap<Request, Caller>();
  return {
    async onRequest({ request, endResponse }) {
      try {
        callers.set(request, await authenticateCaller(service, { authorization: request.headers.get('authorization') }));
      } catch (error) {
        if (!(error instanceof SfuError)) throw error;
        endResponse(
          Response.json({ errors: [{ message: error.message, extensions: { code: error.code } }] }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }),
        );
      }
    },
    onContextBuilding({ context, extendContext }) {
      if (context.caller) return;
      const caller = context.request ? callers.get(context.request) : undefined;
      if (!caller) throw new SfuError('unauthorized', 'the request was not authenticated');
      extendContext({ caller, app: caller.app });
    },
  };
}
