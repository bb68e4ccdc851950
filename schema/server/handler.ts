import type { Server } from 'node:http';
import { createYoga } from 'graphql-yoga';
import type { Logger } from '../../src/service/Logger.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { schema } from '../index.js';
import { useAppAuth } from '../plugins/useAppAuth.js';
import { useBodyLimit } from '../plugins/useBodyLimit.js';
import { bridgeEvents } from '../pubsub.js';
import { maskError } from './errors.js';
import { sfuYogaLogger } from './logger.js';
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
  /** Largest request body accepted, in bytes (as REST). @default 1 MiB */
  maxBodyBytes?: number;
  /** Where the API answers. @default "/graphql" */
  endpoint?: string;
}

/** The GraphQL face over the service: yoga on `/graphql`, with graphql-ws beside it. */
export function createGraphQLHandler(service: SfuService, { log, maxBodyBytes = 1_048_576, endpoint = '/graphql' }: GraphQLOptions): GraphQLHandler {
  const bridge = bridgeEvents(service.events);
  const logger = sfuYogaLogger(log);
  const yoga = createYoga({
    schema,
    graphqlEndpoint: endpoint,
    graphiql: { title: 'open-realtime-sfu', headers: JSON.stringify({ Authorization: 'Bearer <app secret>' }) },
    landingPage: false,
    maskedErrors: { maskError },
    logging: logger,
    context: () => ({ service, pubsub: bridge.pubsub }),
    plugins: [useBodyLimit(maxBodyBytes), useAppAuth(service)],
  });
  return {
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname !== endpoint && pathname !== `${endpoint}/`) return undefined;
      return yoga.fetch(request);
    },
    attachWebSocket: (server) => attachGraphQLWebSocket(yoga as never, service, server, logger),
    close: () => bridge.close(),
  };
}
