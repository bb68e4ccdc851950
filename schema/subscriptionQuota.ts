import { SfuError } from '../src/service/index.js';

export interface SubscriptionQuotaLimits {
  /** Live subscriptions one app may hold, over every transport. @default 2000 */
  maxSubscriptionsPerApp: number;
  /** Live subscriptions one graphql-ws connection may hold. @default 100 */
  maxSubscriptionsPerConnection: number;
}

/** Live counts by key: taking one gives a function that gives it back, once. */
class Counts<K> {
  readonly #counts = new Map<K, number>();

  get(key: K): number {
    return this.#counts.get(key) ?? 0;
  }

  take(key: K): () => void {
    this.#counts.set(key, this.get(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.get(key) - 1;
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    };
  }
}

/**
 * Counts live subscriptions per app and per WebSocket connection, so one tenant (or one socket)
 * cannot hold an unbounded number of listeners and buffers.
 */
export class SubscriptionQuota {
  readonly #byApp = new Counts<string>();
  readonly #byConnection = new Counts<object>();
  readonly #connectionsByApp = new Counts<string>();

  constructor(private readonly limits: SubscriptionQuotaLimits) {}

  /**
   * Takes a graphql-ws connection slot for the app: at most as many connections as subscriptions,
   * so idle authenticated sockets cannot pile up either. Undefined when the app is at its limit;
   * else the function that gives the slot back (once).
   */
  acquireConnection(appId: string): (() => void) | undefined {
    if (this.#connectionsByApp.get(appId) >= this.limits.maxSubscriptionsPerApp) return undefined;
    return this.#connectionsByApp.take(appId);
  }

  /** Takes a slot, or throws invalid_params; the returned function gives it back (once). */
  acquire(appId: string, connection?: object): () => void {
    const forApp = this.#byApp.get(appId);
    if (forApp >= this.limits.maxSubscriptionsPerApp) {
      throw new SfuError('invalid_params', `app ${appId} already has ${forApp} live subscriptions, its limit: end some first`);
    }
    const forConnection = connection ? this.#byConnection.get(connection) : 0;
    if (connection && forConnection >= this.limits.maxSubscriptionsPerConnection) {
      throw new SfuError('invalid_params', `this connection already has ${forConnection} live subscriptions, its limit: end some or open another connection`);
    }
    const releaseApp = this.#byApp.take(appId);
    const releaseConnection = connection ? this.#byConnection.take(connection) : undefined;
    return () => {
      releaseApp();
      releaseConnection?.();
    };
  }
}
