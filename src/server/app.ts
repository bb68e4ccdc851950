import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServerAdapter } from '@whatwg-node/server';
import { createRestHandler } from '../../rest-compat/handler.js';
import { createWhipWhepHandler } from '../../whip-whep/handler.js';
import { createGraphQLHandler } from '../../schema/server/handler.js';
import type { WebSocketCloser } from '../../schema/server/websocket.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { AppRegistry, type AppConfig } from '../service/apps/AppRegistry.js';
import type { Logger } from '../service/Logger.js';
import { ClusterNode } from '../cluster/ClusterNode.js';
import type { SfuApi } from '../service/SfuApi.js';
import { SfuService } from '../service/SfuService.js';
import { TurnCredentials } from '../service/turn/TurnCredentials.js';
import { appsFromDataDir, readAppsFile, watchAppsFile } from './appsFile.js';
import type { Config } from './config.js';
import { serveExamplePage } from './examplePage.js';
import { readTlsFiles } from './tls.js';
import { createHealthHandler, type ReadinessCheck } from './observability/health.js';
import { serverLogger } from './observability/logger.js';
import { Metrics } from './observability/Metrics.js';
import { RequestContexts } from './observability/requestContext.js';
import { routeName } from './observability/routeTemplate.js';

export interface BuiltApp {
  /** What the faces call: this process's service, or in cluster mode the cluster's. */
  service: SfuApi;
  /** In cluster mode: this instance's part of the cluster (drain it before stopping). */
  cluster?: ClusterNode;
  pool: WorkerPool;
  /** The whole HTTP surface as a fetch handler (usable without a port in tests). */
  fetch: (request: Request) => Promise<Response>;
  /** Listens on config.host:config.port; resolves to the URL it serves. */
  start(): Promise<string>;
  /** Closes the HTTP server, every session and every mediasoup worker. */
  stop(): Promise<void>;
  /**
   * Reads the TLS certificate and key files again and serves them to new connections (SIGHUP).
   * Throws, keeping the served ones, when the files are unreadable or do not match; a no-op without TLS.
   */
  reloadTls(): void;
  /**
   * When the apps come from `<dataDir>/apps.json` (no `SFU_APPS`, none in the config file): that
   * file, and the app created in it on first start. It is reloaded when it changes.
   */
  appsFile?: { file: string; created?: AppConfig };
  /** Reads apps.json again (SIGHUP); a broken file is logged and the apps served stay as they were. */
  reloadApps(): void;
  /**
   * Graceful shutdown: readiness turns false and new sessions are refused (503
   * `temporarily_unavailable_error`) at once; live sessions go on until they have all ended or
   * `timeoutMs` passed, then `stop()` closes what is left (reason `shutdown`).
   */
  drain(timeoutMs: number): Promise<void>;
  /** True from the start of `drain` (or `stop`) on. */
  readonly draining: boolean;
  /** What `/metrics` answers. */
  metrics: Metrics;
  /** Request ids across awaits; the logger buildApp makes by default reads them. */
  requests: RequestContexts;
}

/** The composition root: media workers, the service, both faces, and the HTTP server. */
export async function buildApp(config: Config, log?: Logger, requests = new RequestContexts()): Promise<BuiltApp> {
  log ??= serverLogger({ level: config.logLevel, requests });
  // Read before any worker starts, so a bad certificate is a start-up error naming the file and leaves nothing running.
  const tlsFiles = config.tls ? readTlsFiles(config.tls) : undefined;
  const pool = await WorkerPool.create({ ...config.media });
  pool.on('workerRestarted', ({ index, oldPid, newPid, error }) =>
    log.error('mediasoup worker died and was replaced', { index, oldPid, newPid, error: error.message }),
  );
  pool.on('workerRestartFailed', ({ index, error }) => log.error('mediasoup worker could not be restarted', { index, error: error.message }));
  const saved = config.apps.length === 0 ? appsFromDataDir(config.dataDir) : undefined;
  if (saved?.tightened) log.warn('apps file was readable by others: narrowed it to mode 0600', { file: saved.file });
  const apps = new AppRegistry(saved?.apps ?? config.apps);
  if (saved && saved.apps.length === 0) log.warn('no apps in the apps file: create one with `npm run apps -- create`', { file: saved.file });
  const reloadApps = (): void => {
    if (!saved) return;
    try {
      const change = apps.replace(readAppsFile(saved.file) ?? []);
      if (change.added.length + change.removed.length + change.rotated.length > 0) log.info('apps reloaded', { file: saved.file, ...change });
    } catch (error) {
      log.error('apps file not reloaded; the apps served are unchanged', { error: (error as Error).message });
    }
  };
  const appsWatch = saved ? watchAppsFile(saved.file, reloadApps) : undefined;
  const cluster = config.cluster
    ? new ClusterNode({
        ...config.cluster,
        media: { listenIp: config.media.listenIp, ...(config.media.announcedAddress ? { announcedAddress: config.media.announcedAddress } : {}) },
        apps,
        pool,
        log,
        timing: config.timing,
        limits: config.limits,
      })
    : undefined;
  const service: SfuApi = cluster?.service ?? new SfuService({ apps, pool, log, timing: config.timing, limits: config.limits });
  const local = cluster?.local ?? (service as SfuService);
  const metrics = new Metrics({
    usage: () => local.usage(),
    pool,
    appIds: apps.list().map((a) => a.id),
    ...(config.metricsToken ? { token: config.metricsToken } : {}),
  });
  let draining = false;
  const health = createHealthHandler({ readiness: () => readiness(pool, cluster, draining) });
  const whipWhep = createWhipWhepHandler(service, { maxBodyBytes: config.limits.maxBodyBytes, log });
  const turn = config.turn ? new TurnCredentials({ ...config.turn, isAppSecret: (id, token) => apps.isSecretOf(id, token) }) : undefined;
  const rest = createRestHandler(service, { maxBodyBytes: config.limits.maxBodyBytes, log, ...(turn ? { turn } : {}) });
  const graphql = createGraphQLHandler(service, { log, maxBodyBytes: config.limits.maxBodyBytes, limits: config.graphql, observer: metrics.graphql });

  const route = async (request: Request): Promise<Response> =>
    (cluster ? await cluster.handleInternal(request) : undefined) ??
    (await health(request)) ??
    (new URL(request.url).pathname === '/metrics' ? await metrics.scrape(request) : undefined) ??
    (await whipWhep(request)) ??
    (await rest(request)) ??
    (await graphql.fetch(request)) ??
    (await serveExamplePage(request)) ??
    new Response('not found\n', { status: 404 });

  // The last line of defence: a request no face can read (a Host header that makes no URL) is the
  // client's 400, and nothing unexpected leaves as a stack trace.
  const answer = async (request: Request): Promise<Response> => {
    if (!URL.canParse(request.url)) return errorJson(400, 'decoding_error', 'the request has no valid URL: check its Host header');
    try {
      return await route(request);
    } catch (error) {
      log.error('request failed outside the faces', { method: request.method, error: (error as Error)?.stack ?? String(error) });
      return errorJson(500, 'internal_error', 'internal error');
    }
  };
  // Every request: its id on every log line written while it is served, one access-log line and
  // its metrics (by route template: never the raw path, nor anything of its body or headers).
  const fetch = (request: Request): Promise<Response> =>
    requests.run(request.headers.get('x-request-id') ?? undefined, async () => {
      const started = performance.now();
      const response = await answer(request);
      const seconds = (performance.now() - started) / 1000;
      const name = URL.canParse(request.url) ? routeName(new URL(request.url).pathname) : { face: 'other', route: 'other' };
      metrics.request(name, request.method, response.status, seconds);
      const { appId, sessionId, ...where } = name as typeof name & { appId?: string; sessionId?: string };
      const line = { ...where, method: request.method, status: response.status, durationMs: Math.round(seconds * 10_000) / 10, appId, sessionId };
      if (name.face === 'ops' || name.face === 'static') log.debug('request', line);
      else log.info('request', line);
      try {
        response.headers.set('X-Request-Id', requests.current!.requestId);
      } catch {
        // A response with immutable headers goes out without it.
      }
      return response;
    });

  let server: Server | HttpsServer | undefined;
  let stopped: Promise<void> | undefined;
  let graphqlWebSocket: WebSocketCloser | undefined;
  return {
    service,
    ...(cluster ? { cluster } : {}),
    pool,
    fetch,
    ...(saved ? { appsFile: { file: saved.file, ...(saved.created ? { created: saved.created } : {}) } } : {}),
    reloadApps,
    metrics,
    requests,
    get draining() {
      return draining;
    },
    drain: async (timeoutMs) => {
      draining = true;
      local.drain();
      await cluster?.drain().catch((error: unknown) => log.warn('cluster drain failed', { error: String(error) }));
      const live = local.sessionCount;
      log.info('draining', { sessions: live, timeoutMs });
      const ended = await sessionsEnded(local, timeoutMs);
      if (!ended) log.info('drain timed out: closing the sessions left', { sessions: local.sessionCount });
      await stop();
    },
    start: async () => {
      const url = await listen();
      // The others reach this instance on its announced address (SFU_INTERNAL_URL overrides).
      const { port } = new URL(url);
      const { protocol } = new URL(url);
      await cluster?.start(`${protocol}//${config.media.announcedAddress ?? new URL(url).hostname}:${port}`);
      return url;
    },
    stop,
    reloadTls: () => {
      if (!config.tls || !server || !('setSecureContext' in server)) return;
      const { cert, key, fingerprint, validTo } = readTlsFiles(config.tls);
      server.setSecureContext({ cert, key });
      log.info('TLS certificate reloaded', { fingerprint, validTo });
    },
  };

  function stop(): Promise<void> {
    stopped ??= (async () => {
      draining = true;
      appsWatch?.close();
      if (cluster) await cluster.stop();
      else service.close();
      // Upgraded sockets are not the HTTP server's to close: close them first, or close() waits.
      await graphqlWebSocket?.close();
      graphql.close();
      whipWhep.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((done) => server!.close(() => done()));
      }
      pool.close();
    })();
    return stopped;
  }

  function listen(): Promise<string> {
    return new Promise((resolveStart, reject) => {
        const adapter = createServerAdapter(fetch);
        server = tlsFiles ? createHttpsServer({ cert: tlsFiles.cert, key: tlsFiles.key }, adapter) : createServer(adapter);
        server.on('clientError', answerClientError);
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          // Attached once listening: the WebSocket server re-emits (and would log) a failed listen.
          graphqlWebSocket = graphql.attachWebSocket(server!);
          const { port } = server!.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
          resolveStart(`${tlsFiles ? 'https' : 'http'}://${host}:${port}`);
        });
    });
  }
}

/** Resolves true once no session is left, false when `timeoutMs` passed first. */
async function sessionsEnded(service: SfuService, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (service.sessionCount > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(1, deadline - Date.now()))));
  }
  return true;
}

/** What `/readyz` checks: every mediasoup worker running, not draining, and in cluster mode the store answering. */
async function readiness(pool: WorkerPool, cluster: ClusterNode | undefined, draining: boolean): Promise<Record<string, ReadinessCheck>> {
  const up = pool.workers.filter((w) => !w.closed).length;
  const checks: Record<string, ReadinessCheck> = {
    workers: { ok: up > 0 && up === pool.workers.length, detail: `${up} of ${pool.workers.length} mediasoup workers running` },
    draining: { ok: !draining, ...(draining ? { detail: 'shutting down: no new sessions' } : {}) },
  };
  if (cluster) {
    const store = await cluster.storeReachable();
    checks['store'] = { ok: store.ok, ...(store.ok ? {} : { detail: `Redis not reachable: ${store.error}` }) };
  }
  return checks;
}

function errorJson(status: number, errorCode: string, errorDescription: string): Response {
  return Response.json({ errorCode, errorDescription }, { status });
}

/**
 * Node's HTTP parser refusing a request (bad Content-Length, headers too large, no Host) answers
 * in the contract's JSON shape instead of an empty body, then closes the connection.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ errorCode: 'decoding_error', errorDescription: `the request could not be parsed as HTTP (${error.code ?? 'malformed'})` });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
