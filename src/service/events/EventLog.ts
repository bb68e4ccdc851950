import type { NewSfuEvent, SfuEvent } from './SfuEvent.js';

/**
 * The app's ordered events, as subscriptions read them: the in-memory bus of one process
 * (SfuEventBus), or the cluster's log in Redis (src/cluster/RedisEventLog.ts). Each event gets
 * the next `seq` of its app; listeners get every event once, in seq order per app.
 */
export interface EventLog {
  /** Appends an event; never throws and never loses it (a store that is down gets it when it returns). */
  publish(event: NewSfuEvent): void;
  /** The app's last seq (0 before its first event). */
  lastSeq(appId: string): Promise<number>;
  /** The app's events after `seq` still kept, oldest first; `complete` is false when some were already dropped. */
  since(appId: string, seq: number): Promise<{ events: SfuEvent[]; complete: boolean }>;
  on(type: 'event', listener: (event: SfuEvent) => void): void;
  off(type: 'event', listener: (event: SfuEvent) => void): void;
  close(): Promise<void>;
}
