import { TypedEmitter } from '../../util/TypedEmitter.js';
import type { EventLog } from './EventLog.js';
import type { NewSfuEvent, SfuEvent } from './SfuEvent.js';

export type * from './SfuEvent.js';

/**
 * The event log of one process (the embedded default): in memory, emitted synchronously in the
 * order things happened, each event stamped with a sequence number of its own app's.
 */
export class SfuEventBus extends TypedEmitter<{ event: [SfuEvent] }> implements EventLog {
  readonly #apps = new Map<string, { seq: number; recent: SfuEvent[] }>();

  /** @param historySize how many past events of each app `since()` can replay */
  constructor(private readonly historySize = 10_000) {
    super();
  }

  /** The seq of the app's last event (0 before its first), now. */
  currentSeq(appId: string): number {
    return this.#apps.get(appId)?.seq ?? 0;
  }

  /** As `currentSeq`, read when called (not when awaited): a snapshot taken in the same tick matches it exactly. */
  lastSeq(appId: string): Promise<number> {
    return Promise.resolve(this.currentSeq(appId));
  }

  publish(event: NewSfuEvent): SfuEvent {
    let app = this.#apps.get(event.appId);
    if (!app) this.#apps.set(event.appId, (app = { seq: 0, recent: [] }));
    const stamped = { ...event, seq: ++app.seq, at: new Date() } as SfuEvent;
    app.recent.push(stamped);
    if (app.recent.length > this.historySize) app.recent.splice(0, app.recent.length - this.historySize);
    this.emit('event', stamped);
    return stamped;
  }

  /**
   * The app's events after `seq` still in memory, oldest first, so a late subscriber can catch up
   * without a gap; `complete` is false when some were already dropped.
   */
  since(appId: string, seq: number): Promise<{ events: SfuEvent[]; complete: boolean }> {
    return Promise.resolve(this.history(appId, seq));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  history(appId: string, seq: number): { events: SfuEvent[]; complete: boolean } {
    const app = this.#apps.get(appId);
    const recent = app?.recent ?? [];
    const events = recent.filter((e) => e.seq > seq);
    const oldest = recent[0]?.seq ?? (app?.seq ?? 0) + 1;
    return { events, complete: seq >= oldest - 1 };
  }
}
