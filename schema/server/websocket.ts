import type { IncomingMessage, Server } from 'node:http';
import { getOperationAST, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType } from 'graphql-ws';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { SfuError, type Caller, type Logger, type Participant, type SfuApi } from '../../src/service/index.js';
import { authenticateCaller } from './auth.js';
import { isGraphQLError, maskError } from './errors.js';

type Run = (args: ExecutionArgs) => Promise<unknown> | unknown;

export interface WebSocketCloser {
  /** Closes every GraphQL WebSocket (1001 Going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export interface WebSocketOptions {
  log: Logger;
  /** Largest frame or message accepted; a larger one closes the socket (1009) before it is buffered. */
  maxPayloadBytes: number;
  /** A connection that has not sent connection_init by then is closed (4408). */
  connectionInitTimeoutMs: number;
  /** Operations (queries, mutations, live subscriptions) one connection may have running at once. */
  maxOperationsInFlight: number;
  /** Unread output a connection may pile up (a client that stops reading) before it is dropped. @default 16 MiB */
  maxBufferedBytes?: number;
  /** Counts each app's connections (refused with 1013 past its limit). */
  connections: { acquireConnection(appId: string, participant?: Participant): (() => void) | undefined };
  /** Ping interval; a peer that does not answer within the next one is dropped. @default 12000 */
  keepAliveMs?: number;
}

/** The messages a client may send (graphql-transport-ws); any other closes the socket with 4400. */
const clientMessageTypes = new Set<string>([MessageType.ConnectionInit, MessageType.Ping, MessageType.Pong, MessageType.Subscribe, MessageType.Complete]);

/**
 * graphql-ws on the HTTP server, at yoga's endpoint (`/graphql`): graphql-ws's transport-free
 * protocol core (`makeServer`) on `ws` sockets, with our own adapter so that every frame is bounded
 * by `maxPayloadBytes` (checked by `ws` from the frame header, before buffering), a client's
 * protocol mistakes close its socket with 4400 and a short reason, and anything unexpected is
 * logged once through the service logger and closes with a generic 4500.
 *
 * A connection authenticates once, in connection_init (`connectionParams: { authorization:
 * 'Bearer <secret>' }` or `{ secret }`); a wrong secret closes it with 4403 Forbidden. Operations
 * then run through yoga's envelop, so they get the same plugins (limits, masking) and context as
 * HTTP ones; a document that does not parse or validate gets an `error` message, not a close.
 */
export function attachGraphQLWebSocket(
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
  service: SfuApi,
  server: Server,
  { log, maxPayloadBytes, connectionInitTimeoutMs, maxOperationsInFlight, connections, maxBufferedBytes = 16 * 1024 * 1024, keepAliveMs = 12_000 }: WebSocketOptions,
): WebSocketCloser {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: maxPayloadBytes, handleProtocols });
  const callers = new WeakMap<object, Caller>();
  type Extra = { socket: WebSocket; request: IncomingMessage };
  const protocol = makeServer<Record<string, unknown> | undefined, Extra>({
    connectionInitWaitTimeout: connectionInitTimeoutMs,
    onConnect: async (ctx) => {
      try {
        const caller = await authenticateCaller(service, { connectionParams: ctx.connectionParams, authorization: ctx.extra.request.headers.authorization });
        const app = caller.app;
        const release = connections.acquireConnection(app.id, caller.participant);
        if (!release) {
          // 1013 Try Again Later: the app (or this token's holder) holds as many connections as it may.
          ctx.extra.socket.close(1013, caller.participant ? 'too many connections for this participant' : 'too many connections for this app');
          return false;
        }
        ctx.extra.socket.once('close', release);
        callers.set(ctx, caller);
        callers.set(ctx.extra.socket, caller);
        return true;
      } catch (error) {
        if (!(error instanceof SfuError)) throw error;
        // 4403 as graphql-ws refuses, with the reason (a close reason holds at most 123 bytes).
        ctx.extra.socket.close(4403, closeReason(error.message));
        return false;
      }
    },
    execute: (args) => (args.rootValue as { execute: Run }).execute(args) as never,
    subscribe: (args) => (args.rootValue as { subscribe: Run }).subscribe(args) as never,
    onSubscribe: async (ctx, _id, payload) => {
      const caller = callers.get(ctx);
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        caller,
        app: caller?.app,
        connection: ctx,
        connectionParams: ctx.connectionParams,
        params: payload,
      } as never);
      let document: ExecutionArgs['document'];
      try {
        document = parse(payload.query);
      } catch (error) {
        if (isGraphQLError(error)) return [error];
        throw error;
      }
      const errors = validate(schema, document);
      if (errors.length > 0) return errors;
      // As over HTTP: several operations and no (or an unknown) operationName is invalid_params.
      if (!getOperationAST(document, payload.operationName ?? undefined)) {
        return [createGraphQLError('Could not determine what operation to execute.', { extensions: { code: 'invalid_params' } })];
      }
      return {
        schema,
        operationName: payload.operationName ?? null,
        document,
        variableValues: payload.variables ?? null,
        contextValue: await contextFactory(),
        rootValue: { execute, subscribe },
      } satisfies ExecutionArgs;
    },
    onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
      result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map(format),
  });

  /** What yoga does for HTTP results, for WebSocket ones: contract codes, unexpected errors masked (useErrorLog has logged them). */
  function format(error: GraphQLError): GraphQLFormattedError {
    const masked = maskError(error, 'Unexpected error.');
    if (!isGraphQLError(masked)) return { message: masked.message };
    // yoga's internal markers (a masked error, the HTTP status of a refusal), which HTTP answers do not carry either.
    const { unexpected: _unexpected, http: _http, ...extensions } = masked.extensions;
    return { ...masked.toJSON(), extensions };
  }

  wss.on('error', (error) => log.error('graphql websocket server error', { error: error.stack ?? error.message }));
  wss.on('connection', (socket, request) => {
    // ws itself refuses oversized frames (1009) and broken framing: only note them.
    socket.on('error', (error) => log.debug('graphql websocket refused a frame', { error: error.message }));
    // A client that stops reading (answers, pongs) while it keeps asking is dropped, not buffered for.
    const overBuffered = (): boolean => {
      if (socket.bufferedAmount <= maxBufferedBytes) return false;
      log.debug('graphql websocket dropped: it does not read what it asks for', { buffered: socket.bufferedAmount });
      socket.terminate();
      return true;
    };
    socket.on('ping', overBuffered);
    let inFlight = 0;
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, keepAliveMs);
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise((resolve, reject) => {
            if (socket.readyState !== socket.OPEN || overBuffered()) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            if (overBuffered()) return;
            const text = String(data);
            const message = parsed(text);
            const type = typeof message?.type === 'string' ? message.type : undefined;
            if (type !== undefined && !clientMessageTypes.has(type)) {
              return socket.close(CloseCode.BadRequest, `Unexpected message of type ${type.slice(0, 40)} from a client`);
            }
            const operation = type === MessageType.Subscribe;
            if (operation && inFlight >= maxOperationsInFlight && typeof message?.id === 'string') {
              const refusal = `this connection already has ${inFlight} operations running (live subscriptions included), its limit: wait for some or open another connection`;
              socket.send(JSON.stringify({ id: message.id, type: MessageType.Error, payload: [{ message: refusal, extensions: { code: 'invalid_params' } }] }));
              return;
            }
            if (operation) inFlight += 1;
            try {
              await handle(text);
            } catch (error) {
              log.error('graphql websocket message failed', { appId: callers.get(socket)?.app.id, error: (error as Error)?.stack ?? String(error) });
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            } finally {
              if (operation) inFlight -= 1;
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, String(reason));
    });
  });

  return {
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}

/** A message's `type` and `id` when it is a JSON object; graphql-ws itself refuses what is not a message. */
function parsed(text: string): { type?: unknown; id?: unknown } | undefined {
  try {
    const message = JSON.parse(text) as unknown;
    return typeof message === 'object' && message !== null ? (message as { type?: unknown; id?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
