import type { Plugin } from 'graphql-yoga';
import type { App } from '../../src/service/AppRegistry.js';
import { SfuError } from '../../src/service/errors.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { authenticateApp } from '../server/auth.js';
import { toGraphQLError } from '../server/errors.js';

/**
 * Puts the authenticated `app` in the context of every operation. HTTP requests carry the secret
 * in their Authorization header; WebSocket operations arrive with `app` already set by the
 * connection's onConnect. A wrong or missing secret fails the request with `unauthorized` (HTTP 401).
 */
export function useAppAuth(service: SfuService): Plugin<{ app?: App; request?: Request }> {
  return {
    onContextBuilding({ context, extendContext }) {
      if (context.app) return;
      try {
        extendContext({ app: authenticateApp(service, { authorization: context.request?.headers.get('authorization') }) });
      } catch (error) {
        if (error instanceof SfuError) throw toGraphQLError(error);
        throw error;
      }
    },
  };
}
