import { setMaxListeners } from 'node:events';
import type { EventLog, SfuEvent } from '../src/service/index.js';

/**
 * Topics of the subscription fan-out. Every event goes to its app's topic, to its session's and,
 * when the session has one, to its room's, so a subscriber hears only what it asked for.
 */
export type SfuTopics = {
  /** `app:{appId}` */
  app: [appId: string, event: SfuEvent];
  /** `room:{appId}/{room}` (see `roomKey`) */
  room: [roomKey: string, event: SfuEvent];
  /** `session:{sessionId}` */
  session: [sessionId: string, event: SfuEvent];
};

export type SfuTopic = keyof SfuTopics;

/** Room names are per app: two apps may both have a room "lobby". */
export function roomKey(appId: string, room: string): string {
  return `${appId}/${room}`;
}

/**
 * The fan-out of the service's events to subscribers. Unlike yoga's pubsub it only calls
 * listeners and never queues: each subscriber keeps its own bounded buffer (eventStream.ts), so a
 * slow one cannot overflow anything shared.
 */
export interface SfuPubSub {
  /** Calls `listener` with every event of the topic until the returned function is called. */
  listen(topic: SfuTopic, key: string, listener: (event: SfuEvent) => void): () => void;
}

export interface SfuPubSubBridge {
  pubsub: SfuPubSub;
  /** Stops feeding the pubsub from the service's event bus. */
  close(): void;
}

/**
 * A pubsub fed from the service's event bus over an event target, in memory unless one is given:
 * a distributed one (a yoga `PubSubEventTarget`, e.g. Redis) can replace it without touching a
 * resolver. Events travel as `CustomEvent`s with the event as `detail`, as yoga's pubsub sends them.
 */
export function bridgeEvents(events: EventLog, target: EventTarget = new EventTarget()): SfuPubSubBridge {
  // Every subscriber is a listener of its topic: thousands are expected (their number is bounded by quotas).
  setMaxListeners(0, target);
  const dispatch = (topic: SfuTopic, key: string, event: SfuEvent): void => {
    target.dispatchEvent(new CustomEvent(`${topic}:${key}`, { detail: event }));
  };
  const forward = (event: SfuEvent): void => {
    dispatch('app', event.appId, event);
    dispatch('session', event.sessionId, event);
    if (event.room !== undefined) dispatch('room', roomKey(event.appId, event.room), event);
  };
  events.on('event', forward);
  const pubsub: SfuPubSub = {
    listen(topic, key, listener) {
      // An EventTarget listener that throws becomes an uncaught exception: nothing may escape here.
      const onEvent = (event: Event): void => {
        try {
          listener((event as CustomEvent<SfuEvent>).detail);
        } catch (error) {
          process.emitWarning(`an event subscriber threw: ${(error as Error).stack ?? String(error)}`);
        }
      };
      target.addEventListener(`${topic}:${key}`, onEvent);
      return () => target.removeEventListener(`${topic}:${key}`, onEvent);
    },
  };
  return { pubsub, close: () => events.off('event', forward) };
}
