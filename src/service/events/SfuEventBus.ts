import { TypedEmitter } from '../../util/TypedEmitter.js';
import type { MediaKind } from '../../sdp/index.js';
import type { EventLog } from './EventLog.js';

export type LeaveReason = 'closed' | 'failed' | 'timeout' | 'expired' | 'worker_died' | 'shutdown' | 'instance_lost';
export type TrackCloseReason = 'closed' | 'publisher_closed' | 'session_closed' | 'rejected' | 'inactive';

interface EventBase {
  /** Grows by one with every event of this app: each app has its own count, so none sees another's volume. */
  seq: number;
  at: Date;
  appId: string;
  sessionId: string;
  room?: string;
  /** The participant of the session (its access token's identity), if it has one. */
  identity?: string;
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
  | (EventBase & { type: 'trackInactive'; trackName: string; mid: string })
  | (EventBase & { type: 'trackMuted'; trackName: string; mid: string; muted: boolean })
  /** The participant's first session connected (`sessionId`); it follows that session's sessionJoined. */
  | (EventBase & { type: 'participantJoined'; room: string; identity: string; name?: string })
  /** The participant's last session ended (`sessionId`); it follows that session's sessionLeft. */
  | (EventBase & { type: 'participantLeft'; room: string; identity: string; name?: string });

export type SfuEventType = SfuEvent['type'];

/** Distributive Omit, so each event kind keeps its own fields. */
export type NewSfuEvent = SfuEvent extends infer E ? (E extends SfuEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** An event as a session states it; the session adds its app, id, room and identity. */
export type SessionOwnEvent = Exclude<NewSfuEvent, { type: 'participantJoined' | 'participantLeft' }> extends infer E
  ? E extends NewSfuEvent
    ? Omit<E, 'appId' | 'sessionId' | 'room' | 'identity'>
    : never
  : never;

/** Where a session sends its events: the service, which adds the participant events they imply. */
export interface SessionEventSink {
  publish(event: NewSfuEvent): void;
}

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
