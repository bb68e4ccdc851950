import { SfuError, type Participant } from '../src/service/index.js';

export interface SubscriptionQuotaLimits {
  /** Live subscriptions one app may hold, over every transport. @default 2000 */
  maxSubscriptionsPerApp: number;
  /** Live subscriptions one graphql-ws connection may hold. @default 100 */
  maxSubscriptionsPerConnection: number;
  /** Live subscriptions, and graphql-ws connections, one access token's holder may hold. @default 20 */
  maxSubscriptionsPerParticipant: number;
}

/** One holder's key: its app, room and identity (NUL cannot be in an app id). */
function participantKey({ appId, room, identity }: Participant): string {
  return `${appId}\u0000${room}\u0000${identity}`;
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
 * Counts live subscriptions per app, per WebSocket connection and per access token holder, so one
 * tenant (or one socket, or one browser of the public) cannot hold an unbounded number of
 * listeners and buffers, nor take the app's whole share.
 */
export class SubscriptionQuota {
  readonly #byApp = new Counts<string>();
  readonly #byConnection = new Counts<object>();
  readonly #byParticipant = new Counts<string>();
  readonly #connectionsByApp = new Counts<string>();
  readonly #connectionsByParticipant = new Counts<string>();

  constructor(private readonly limits: SubscriptionQuotaLimits) {}

  /**
   * Takes a graphql-ws connection slot for the app: at most as many connections as subscriptions,
   * so idle authenticated sockets cannot pile up either. Undefined when the app is at its limit;
   * else the function that gives the slot back (once).
   */
  acquireConnection(appId: string, participant?: Participant): (() => void) | undefined {
    if (this.#connectionsByApp.get(appId) >= this.limits.maxSubscriptionsPerApp) return undefined;
    const key = participant && participantKey(participant);
    if (key !== undefined && this.#connectionsByParticipant.get(key) >= this.limits.maxSubscriptionsPerParticipant) return undefined;
    const releaseApp = this.#connectionsByApp.take(appId);
    const releaseParticipant = key !== undefined ? this.#connectionsByParticipant.take(key) : undefined;
    return () => {
      releaseApp();
      releaseParticipant?.();
    };
  }

  /** Takes a slot, or throws invalid_params; the returned function gives it back (once). */
  acquire(appId: string, connection?: object, participant?: Participant): () => void {
    const forApp = this.#byApp.get(appId);
    if (forApp >= this.limits.maxSubscriptionsPerApp) {
      throw new SfuError('invalid_params', `app ${appId} already has ${forApp} live subscriptions, its limit: end some first`);
    }
    const forConnection = connection ? this.#byConnection.get(connection) : 0;
    if (connection && forConnection >= this.limits.maxSubscriptionsPerConnection) {
      throw new SfuError('invalid_params', `this connection already has ${forConnection} live subscriptions, its limit: end some or open another connection`);
    }
    const key = participant && participantKey(participant);
    const forParticipant = key !== undefined ? this.#byParticipant.get(key) : 0;
    if (key !== undefined && forParticipant >= this.limits.maxSubscriptionsPerParticipant) {
      throw new SfuError('invalid_params', `participant "${participant!.identity}" already has ${forParticipant} live subscriptions, the most an access token's holder may have: end some first`);
    }
    const releaseApp = this.#byApp.take(appId);
    const releaseConnection = connection ? this.#byConnection.take(connection) : undefined;
    const releaseParticipant = key !== undefined ? this.#byParticipant.take(key) : undefined;
    return () => {
      releaseApp();
      releaseConnection?.();
      releaseParticipant?.();
    };
  }
}
