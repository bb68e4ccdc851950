import { bearerToken, type App, type SfuService } from '../../src/service/index.js';

/** Where a request's secret may be: the HTTP header, or a WebSocket's connection params. */
export interface Credentials {
  /** The `Authorization` header (`Bearer <secret>`), of the HTTP request or the WebSocket upgrade. */
  authorization?: string | null | undefined;
  /** graphql-ws `connectionParams`: `{ authorization: 'Bearer <secret>' }` or `{ secret }`. */
  connectionParams?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The app whose secret the credentials carry; throws the service's `unauthorized` SfuError
 * otherwise. The one place GraphQL authenticates: HTTP requests (useAppAuth) and WebSocket
 * connections (onConnect) both call it. Connection params win over the upgrade request's header,
 * since browsers cannot set headers on a WebSocket.
 */
export function authenticateApp(service: SfuService, credentials: Credentials): App {
  return service.authenticateSecret(secretOf(credentials));
}

function secretOf({ authorization, connectionParams }: Credentials): string | undefined {
  const fromParams = connectionParams?.['authorization'] ?? connectionParams?.['Authorization'];
  if (typeof fromParams === 'string') return bearerToken(fromParams);
  const secret = connectionParams?.['secret'];
  if (typeof secret === 'string') return secret;
  return bearerToken(authorization);
}
