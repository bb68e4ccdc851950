import { Redis, type RedisOptions } from 'ioredis';
import { SfuError } from '../service/errors.js';
import type { Logger } from '../service/Logger.js';

/** How the cluster connects to its store. */
export interface ClusterRedisOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** What the connection is for, in its log lines (`events`, `events-reader`). */
  role: string;
  log: Logger;
  /**
   * A connection that runs blocking commands (`XREAD BLOCK`) gets no command timeout: it waits on
   * purpose. It gets a client-side bound a little over each command's own BLOCK instead.
   * @default false
   */
  blocking?: boolean;
  /** @default 2000 */
  connectTimeoutMs?: number;
  /** A command without a reply by then fails (the store may be hung, not just gone). @default 2000 */
  commandTimeoutMs?: number;
  /** Reconnection waits grow from 50 ms up to this. @default 1000 */
  maxBackoffMs?: number;
}

/** Makes the cluster's clients: tests hand their own, production uses `createClusterRedis`. */
export type RedisClientFactory = (role: string) => Redis;

/**
 * An ioredis client that fails fast while disconnected: no offline queue (a command sent then is
 * refused at once, so a request sees `temporarily_unavailable_error` instead of hanging), one
 * retry of a command that was in flight when the connection dropped, and reconnection forever
 * with capped backoff. Connects right away; every state change is logged.
 */
export function createClusterRedis(options: ClusterRedisOptions): Redis {
  const { url, role, log, blocking = false, connectTimeoutMs = 2_000, commandTimeoutMs = 2_000, maxBackoffMs = 1_000 } = options;
  const redisOptions: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 10), maxBackoffMs),
    // The client is named in CLIENT LIST, which helps tell instances apart on a shared store.
    connectionName: `sfu-${role}`,
    ...(blocking ? { blockingTimeout: 30_000 } : { commandTimeout: commandTimeoutMs }),
  };
  const client = new Redis(url, redisOptions);
  logConnectionState(client, role, log);
  return client;
}

/** Logs one line per outage and per recovery, not one per reconnection attempt. */
function logConnectionState(client: Redis, role: string, log: Logger): void {
  let connectedOnce = false;
  let down = false;
  let lastError: string | undefined;
  client.on('ready', () => {
    if (down) log.info('cluster store (Redis) connection is back', { role });
    else if (!connectedOnce) log.debug('cluster store (Redis) connected', { role });
    connectedOnce = true;
    down = false;
    lastError = undefined;
  });
  // Without an 'error' listener ioredis prints every failed attempt itself.
  client.on('error', (error: Error) => {
    lastError = error.message;
    log.debug('cluster store (Redis) connection error', { role, error: error.message });
  });
  // 'reconnecting', not 'close': a connection we close ourselves closes too, and is no outage.
  client.on('reconnecting', (delayMs: number) => {
    if (down) return log.debug('cluster store (Redis) reconnecting', { role, delayMs });
    down = true;
    log.warn(connectedOnce ? 'cluster store (Redis) connection lost: reconnecting' : 'cluster store (Redis) not reachable yet: retrying', {
      role,
      ...(lastError === undefined ? {} : { error: lastError }),
    });
  });
  client.on('end', () => log.debug('cluster store (Redis) connection closed', { role }));
}

/** Waits until the client is ready, at most `timeoutMs`; says whether it is. */
export function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const onEnd = (): void => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}

const connectionFailure =
  /Stream isn't writeable|Connection is closed|max retries per request|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|^LOADING|^BUSY|^MASTERDOWN|^TRYAGAIN/i;

/** Whether the error says the store could not be reached (as opposed to a command it refused). */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && connectionFailure.test(error.message);
}

/** The service's error for a store that is down: the faces answer `temporarily_unavailable_error` (503). */
export function storeUnavailable(error: unknown): SfuError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SfuError('temporarily_unavailable_error', `the cluster store (Redis) is unavailable: ${reason}; try again later`);
}

/** A store error as the service's error when it means the store is down; anything else as it is. */
export function asStoreError(error: unknown): unknown {
  return isStoreUnavailable(error) ? storeUnavailable(error) : error;
}
