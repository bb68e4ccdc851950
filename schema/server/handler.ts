import type { Server } from 'node:http';
import { createYoga } from 'graphql-yoga';
import type { Logger, SfuApi } from '../../src/service/index.js';
import { schema } from '../index.js';
import { useAppAuth } from '../plugins/useAppAuth.js';
import { useBodyLimit } from '../plugins/useBodyLimit.js';
import { useErrorBodies } from '../plugins/useErrorBodies.js';
import { useErrorLog } from '../plugins/useErrorLog.js';
import { useFieldBudget } from '../plugins/useFieldBudget.js';
import { useOperationLimits } from '../plugins/useOperationLimits.js';
import { useObserver } from '../plugins/useObserver.js';
import { useRequestFormat } from '../plugins/useRequestFormat.js';
import { useSharedEventResults } from '../plugins/useSharedEventResults.js';
import { bridgeEvents } from '../pubsub.js';
import { SubscriptionQuota } from '../subscriptionQuota.js';
import { maskError } from './errors.js';
import { graphiqlOptions, offlineGraphiQL } from './graphiql.js';
import { defaultGraphQLLimits, type GraphQLLimits } from './limits.js';
import { sfuYogaLogger } from './logger.js';
import { quietObserver, type GraphQLObserver } from './observer.js';
import { attachGraphQLWebSocket, type WebSocketCloser } from './websocket.js';

export interface GraphQLHandler {
  /** Answers requests to `/graphql` (queries, mutations, SSE subscriptions, GraphiQL); undefined for other paths. */
  fetch(request: Request): Promise<Response | undefined>;
  /** Serves graphql-ws on the same path of `server`; close it before the server. */
  attachWebSocket(server: Server): WebSocketCloser;
  /** Stops feeding subscriptions from the service's events. */
  close(): void;
}

export interface GraphQLOptions {
  log: Logger;
  /** Largest request body, and WebSocket message, accepted, in bytes (as REST). @default 1 MiB */
  maxBodyBytes?: number;
  /** Operation, subscriber and connection limits. @default defaultGraphQLLimits */
  limits?: GraphQLLimits;
  /** Where the API answers. @default "/graphql" */
  endpoint?: string;
  /** Told of operations, subscriptions and event deliveries (the server's metrics). @default none */
  observer?: GraphQLObserver;
}

/** The GraphQL face over the service: yoga on `/graphql`, with graphql-ws beside it. */
export function createGraphQLHandler(
  service: SfuApi,
  { log, maxBodyBytes = 1_048_576, limits = defaultGraphQLLimits, endpoint = '/graphql', observer = quietObserver }: GraphQLOptions,
): GraphQLHandler {
  const bridge = bridgeEvents(service.events);
  const subscriptions = { quota: new SubscriptionQuota(limits), bufferSize: limits.subscriberBuffer, observer };
  const yoga = createYoga({
    schema,
    graphqlEndpoint: endpoint,
    graphiql: graphiqlOptions,
    renderGraphiQL: offlineGraphiQL(),
    landingPage: false,
    maskedErrors: { maskError },
    logging: sfuYogaLogger(log),
    // Any origin may call (a bearer secret, not a cookie, authorizes): so never with credentials.
    cors: (request) => ({ origin: request.headers.get('origin') ?? '*', credentials: false }),
    context: () => ({ service, pubsub: bridge.pubsub, subscriptions }),
    // Body size first (bounded reading), then the secret, before anything is parsed.
    plugins: [useBodyLimit(maxBodyBytes), useAppAuth(service), useRequestFormat(), useOperationLimits(limits), useFieldBudget(limits.maxFields), useSharedEventResults(), useErrorLog(log), useObserver(observer), useErrorBodies()],
  });
  return {
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname !== endpoint && pathname !== `${endpoint}/`) return undefined;
      return yoga.fetch(request);
    },
    attachWebSocket: (server) =>
      attachGraphQLWebSocket(yoga as never, service, server, {
        log,
        maxPayloadBytes: maxBodyBytes,
        connectionInitTimeoutMs: limits.connectionInitTimeoutMs,
        maxOperationsInFlight: limits.maxSubscriptionsPerConnection,
        connections: subscriptions.quota,
      }),
    close: () => bridge.close(),
  };
}
