import { TypedEmitter } from '../util/TypedEmitter.js';
import type { MediaKind } from '../sdp/index.js';

export type LeaveReason = 'closed' | 'failed' | 'timeout' | 'expired' | 'worker_died' | 'shutdown';
export type TrackCloseReason = 'closed' | 'publisher_closed' | 'session_closed' | 'rejected' | 'inactive';

interface EventBase {
  /** Grows by one with every event the service emits, across all apps and sessions. */
  seq: number;
  at: Date;
  appId: string;
  sessionId: string;
  room?: string;
}

export type SfuEvent =
  | (EventBase & { type: 'sessionCreated' })
  | (EventBase & { type: 'sessionJoined' })
  | (EventBase & { type: 'sessionLeft'; reason: LeaveReason })
  | (EventBase & { type: 'trackPublished'; trackName: string; mid: string; kind: MediaKind })
  | (EventBase & {
      type: 'trackClosed';
      trackName: string;
      mid: string;
      location: 'local' | 'remote';
      reason: TrackCloseReason;
    })
  | (EventBase & { type: 'trackInactive'; trackName: string; mid: string });

export type SfuEventType = SfuEvent['type'];

/** Distributive Omit, so each event kind keeps its own fields. */
export type NewSfuEvent = SfuEvent extends infer E ? (E extends SfuEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** An event as a session states it; the session adds its app, id and room. */
export type SessionOwnEvent = NewSfuEvent extends infer E
  ? E extends NewSfuEvent
    ? Omit<E, 'appId' | 'sessionId' | 'room'>
    : never
  : never;

/**
 * The service's one event stream. The GraphQL face turns it into subscriptions; logs read it too.
 * Events are emitted synchronously in the order things happened, each stamped with a sequence.
 */
export class SfuEventBus extends TypedEmitter<{ event: [SfuEvent] }> {
  #seq = 0;
  readonly #recent: SfuEvent[] = [];

  /** @param historySize how many past events `since()` can replay */
  constructor(private readonly historySize = 10_000) {
    super();
  }

  get lastSeq(): number {
    return this.#seq;
  }

  publish(event: NewSfuEvent): SfuEvent {
    const stamped = { ...event, seq: ++this.#seq, at: new Date() } as SfuEvent;
    this.#recent.push(stamped);
    if (this.#recent.length > this.historySize) this.#recent.splice(0, this.#recent.length - this.historySize);
    this.emit('event', stamped);
    return stamped;
  }

  /**
   * Events after `seq` still in memory, oldest first, so a late subscriber can catch up without a
   * gap; `complete` is false when some were already dropped.
   */
  since(seq: number): { events: SfuEvent[]; complete: boolean } {
    const events = this.#recent.filter((e) => e.seq > seq);
    const oldest = this.#recent[0]?.seq ?? this.#seq + 1;
    return { events, complete: seq >= oldest - 1 };
  }
}
