import type { Server } from 'node:http';
import type { ExecutionArgs, ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaLogger, YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { App } from '../../src/service/AppRegistry.js';
import { SfuError } from '../../src/service/errors.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { authenticateApp } from './auth.js';
import { isGraphQLError, maskError } from './errors.js';

type Run = (args: ExecutionArgs) => Promise<unknown> | unknown;

export interface WebSocketCloser {
  /** Closes every GraphQL WebSocket (1001 Going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server, at yoga's endpoint (`/graphql`). A connection authenticates
 * once, in connection_init (`connectionParams: { authorization: 'Bearer <secret>' }` or
 * `{ secret }`); a wrong secret closes it with 4403 Forbidden. Operations then run through yoga's
 * envelop, so they get the same plugins and context as HTTP ones.
 */
export function attachGraphQLWebSocket(
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
  service: SfuService,
  server: Server,
  logger: YogaLogger,
): WebSocketCloser {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const apps = new WeakMap<object, App>();
  const disposable = useServer(
    {
      onConnect: (ctx) => {
        try {
          apps.set(ctx, authenticateApp(service, { connectionParams: ctx.connectionParams, authorization: ctx.extra.request.headers.authorization }));
          return true;
        } catch (error) {
          if (error instanceof SfuError) return false;
          throw error;
        }
      },
      execute: (args) => (args.rootValue as { execute: Run }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: Run }).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          app: apps.get(ctx),
          connectionParams: ctx.connectionParams,
          params: payload,
        } as never);
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document: parse(payload.query),
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
    },
    wss,
  );
  /** What yoga does for HTTP results, for WebSocket ones: contract codes, unexpected errors masked and logged. */
  function format(error: GraphQLError): GraphQLFormattedError {
    const masked = maskError(error, 'Unexpected error.');
    if (masked !== error) logger.error(error);
    return isGraphQLError(masked) ? masked.toJSON() : { message: masked.message };
  }

  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
