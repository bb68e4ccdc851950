/**
 * What the GraphQL face tells whoever watches it (the server's metrics), without knowing how it
 * is counted. Every method is cheap and never throws.
 */
export interface GraphQLObserver {
  /** An operation ran (HTTP or WebSocket); `ok` is false when its result carries errors. */
  operation(type: 'query' | 'mutation' | 'subscription', ok: boolean): void;
  /** A subscription took its slot (it is open until `subscriptionClosed`). */
  subscriptionOpened(): void;
  subscriptionClosed(): void;
  /** An event that happened at `at` was handed to a subscriber's transport. */
  eventDelivered(at: Date): void;
}

export const quietObserver: GraphQLObserver = { operation() {}, subscriptionOpened() {}, subscriptionClosed() {}, eventDelivered() {} };
