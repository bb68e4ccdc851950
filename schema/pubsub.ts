import { createPubSub, type PubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { SfuEvent, SfuEventBus } from '../src/service/events.js';

/**
 * Topics of the subscription pubsub. Every event goes to its app's topic, to its session's and,
 * when the session has one, to its room's, so a subscriber listens only to what it asked for.
 */
export type SfuTopics = {
  /** `app:{appId}` */
  app: [appId: string, event: SfuEvent];
  /** `room:{appId}/{room}` (see `roomKey`) */
  room: [roomKey: string, event: SfuEvent];
  /** `session:{sessionId}` */
  session: [sessionId: string, event: SfuEvent];
};

export type SfuPubSub = PubSub<SfuTopics>;

/** Room names are per app: two apps may both have a room "lobby". */
export function roomKey(appId: string, room: string): string {
  return `${appId}/${room}`;
}

export interface SfuPubSubBridge {
  pubsub: SfuPubSub;
  /** Stops feeding the pubsub from the service's event bus. */
  close(): void;
}

/**
 * A yoga pubsub fed from the service's event bus. The event target is in memory unless one is
 * given: a distributed one (e.g. Redis) can replace it without touching a resolver.
 */
export function bridgeEvents(events: SfuEventBus, eventTarget?: PubSubEventTarget<SfuTopics>): SfuPubSubBridge {
  const pubsub = createPubSub<SfuTopics>(eventTarget ? { eventTarget } : {});
  const forward = (event: SfuEvent): void => {
    pubsub.publish('app', event.appId, event);
    pubsub.publish('session', event.sessionId, event);
    if (event.room !== undefined) pubsub.publish('room', roomKey(event.appId, event.room), event);
  };
  events.on('event', forward);
  return { pubsub, close: () => events.off('event', forward) };
}
