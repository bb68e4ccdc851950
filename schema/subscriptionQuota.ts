import { SfuError } from '../src/service/index.js';

export interface SubscriptionQuotaLimits {
  /** Live subscriptions one app may hold, over every transport. @default 2000 */
  maxSubscriptionsPerApp: number;
  /** Live subscriptions one graphql-ws connection may hold. @default 100 */
  maxSubscriptionsPerConnection: number;
}

/**
 * Counts live subscriptions per app and per WebSocket connection, so one tenant (or one socket)
 * cannot hold an unbounded number of listeners and buffers.
 */
export class SubscriptionQuota {
  readonly #byApp = new Map<string, number>();
  readonly #byConnection = new WeakMap<object, number>();
  readonly #connectionsByApp = new Map<string, number>();

  constructor(private readonly limits: SubscriptionQuotaLimits) {}

  /**
   * Takes a graphql-ws connection slot for the app: at most as many connections as subscriptions,
   * so idle authenticated sockets cannot pile up either. Undefined when the app is at its limit;
   * else the function that gives the slot back (once).
   */
  acquireConnection(appId: string): (() => void) | undefined {
    const open = this.#connectionsByApp.get(appId) ?? 0;
    if (open >= this.limits.maxSubscriptionsPerApp) return undefined;
    this.#connectionsByApp.set(appId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#connectionsByApp.get(appId) ?? 1) - 1;
      if (left > 0) this.#connectionsByApp.set(appId, left);
      else this.#connectionsByApp.delete(appId);
    };
  }

  /** Takes a slot, or throws invalid_params; the returned function gives it back (once). */
  acquire(appId: string, connection?: object): () => void {
    const forApp = this.#byApp.get(appId) ?? 0;
    if (forApp >= this.limits.maxSubscriptionsPerApp) {
      throw new SfuError('invalid_params', `app ${appId} already has ${forApp} live subscriptions, its limit: end some first`);
    }
    const forConnection = connection ? (this.#byConnection.get(connection) ?? 0) : 0;
    if (connection && forConnection >= this.limits.maxSubscriptionsPerConnection) {
      throw new SfuError('invalid_params', `this connection already has ${forConnection} live subscriptions, its limit: end some or open another connection`);
    }
    this.#byApp.set(appId, forApp + 1);
    if (connection) this.#byConnection.set(connection, forConnection + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#byApp.get(appId) ?? 1) - 1;
      if (left > 0) this.#byApp.set(appId, left);
      else this.#byApp.delete(appId);
      if (connection) this.#byConnection.set(connection, (this.#byConnection.get(connection) ?? 1) - 1);
    };
  }
}
