import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerAdapter } from '@whatwg-node/server';
import { createRestHandler } from '../../rest-compat/handler.js';
import { createGraphQLHandler } from '../../schema/server/handler.js';
import type { WebSocketCloser } from '../../schema/server/websocket.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { AppRegistry } from '../service/apps/AppRegistry.js';
import { jsonLogger, type Logger } from '../service/Logger.js';
import { SfuService } from '../service/SfuService.js';
import type { Config } from './config.js';
import { serveExamplePage } from './examplePage.js';

export interface BuiltApp {
  service: SfuService;
  pool: WorkerPool;
  /** The whole HTTP surface as a fetch handler (usable without a port in tests). */
  fetch: (request: Request) => Promise<Response>;
  /** Listens on config.host:config.port; resolves to the URL it serves. */
  start(): Promise<string>;
  /** Closes the HTTP server, every session and every mediasoup worker. */
  stop(): Promise<void>;
}

/** The composition root: media workers, the service, both faces, and the HTTP server. */
export async function buildApp(config: Config, log: Logger = jsonLogger(config.logLevel)): Promise<BuiltApp> {
  const pool = await WorkerPool.create({ ...config.media });
  pool.on('workerRestarted', ({ index, oldPid, newPid, error }) =>
    log.error('mediasoup worker died and was replaced', { index, oldPid, newPid, error: error.message }),
  );
  pool.on('workerRestartFailed', ({ index, error }) => log.error('mediasoup worker could not be restarted', { index, error: error.message }));
  const service = new SfuService({
    apps: new AppRegistry(config.apps),
    pool,
    log,
    timing: config.timing,
    limits: config.limits,
  });
  const rest = createRestHandler(service, { maxBodyBytes: config.limits.maxBodyBytes, log });
  const graphql = createGraphQLHandler(service, { log, maxBodyBytes: config.limits.maxBodyBytes, limits: config.graphql });

  const fetch = async (request: Request): Promise<Response> =>
    (await rest(request)) ??
    (await graphql.fetch(request)) ??
    (await serveExamplePage(request)) ??
    new Response('not found\n', { status: 404 });

  let server: Server | undefined;
  let graphqlWebSocket: WebSocketCloser | undefined;
  return {
    service,
    pool,
    fetch,
    start: () =>
      new Promise((resolveStart, reject) => {
        server = createServer(createServerAdapter(fetch));
        graphqlWebSocket = graphql.attachWebSocket(server);
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server!.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
          resolveStart(`http://${host}:${port}`);
        });
      }),
    stop: async () => {
      service.close();
      // Upgraded sockets are not the HTTP server's to close: close them first, or close() waits.
      await graphqlWebSocket?.close();
      graphql.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((done) => server!.close(() => done()));
      }
      pool.close();
    },
  };
}
