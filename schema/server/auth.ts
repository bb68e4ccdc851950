import { bearerToken, type Caller, type SfuApi } from '../../src/service/index.js';

/** Where a request's secret or access token may be: the HTTP header, or a WebSocket's connection params. */
export interface Credentials {
  /** The `Authorization` header (`Bearer <secret or token>`), of the HTTP request or the WebSocket upgrade. */
  authorization?: string | null | undefined;
  /** graphql-ws `connectionParams`: `{ authorization: 'Bearer <secret or token>' }`, `{ token }` or `{ secret }`. */
  connectionParams?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The caller the credentials name (an app by its secret, a participant by its access token);
 * throws the service's `unauthorized` SfuError otherwise. The one place GraphQL authenticates: HTTP requests (useAppAuth) and WebSocket
 * connections (onConnect) both call it. Connection params win over the upgrade request's header,
 * since browsers cannot set headers on a WebSocket.
 */
export function authenticateCaller(service: SfuApi, credentials: Credentials): Promise<Caller> {
  return service.authenticate(bearerOf(credentials));
}

function bearerOf({ authorization, connectionParams }: Credentials): string | undefined {
  const fromParams = connectionParams?.['authorization'] ?? connectionParams?.['Authorization'];
  if (typeof fromParams === 'string') return bearerToken(fromParams);
  const bearer = connectionParams?.['token'] ?? connectionParams?.['secret'];
  if (typeof bearer === 'string') return bearer;
  return bearerToken(authorization);
}
