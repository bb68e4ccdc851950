import type { NewSfuEvent, SfuEvent } from '../service/events/SfuEventBus.js';

/**
 * The per-app ordered event stream the faces consume: in memory on a single instance, in Redis
 * across a cluster. Every event of an app gets the next `seq` of that app, cluster-wide.
 */
export interface EventLog {
  /** Appends an event of this instance. Never throws and never loses it: while the store is down, events wait in order and are written when it returns. */
  publish(event: NewSfuEvent): void;
  /** The app's last seq in the whole cluster (0 before its first event). Rejects with temporarily_unavailable_error while the store is down. */
  lastSeq(appId: string): Promise<number>;
  /** The app's events after `seq` still kept, oldest first; complete=false when some after `seq` were already trimmed. Rejects while the store is down. */
  since(appId: string, seq: number): Promise<{ events: SfuEvent[]; complete: boolean }>;
  /** Every event of every app, from every instance, delivered once each, in seq order per app. */
  on(type: 'event', listener: (event: SfuEvent) => void): void;
  off(type: 'event', listener: (event: SfuEvent) => void): void;
  close(): Promise<void>;
}
