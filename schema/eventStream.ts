import { asSfuError, SfuError, type App, type EventLog, type SfuEvent } from '../src/service/index.js';
import { roomKey, type SfuPubSub } from './pubsub.js';

export interface EventFilter {
  room?: string;
  sessionId?: string;
  /** Replay the events after this sequence number first (from `sessions { seq }` or the last event seen). */
  since?: number;
}

/** What a subscription needs besides its filter. */
export interface EventStreamOptions {
  /** The app's ordered events: the in-memory bus, or the cluster's log. */
  bus: EventLog;
  pubsub: SfuPubSub;
  /** Live events that may wait for a slow subscriber before it is cut off. */
  bufferSize: number;
  /** Takes a subscription slot (throws when over quota); returns the function that frees it. */
  admit: () => () => void;
  /** Told of each event as it is handed to the transport (metrics: delivery lag). */
  delivered?: (event: SfuEvent) => void;
}

/**
 * The last item of a stream that ended on the server's side (too slow, over quota, history lost):
 * the `events` field raises its error, so every transport delivers it as a GraphQL error.
 */
export class StreamCutOff {
  constructor(readonly error: SfuError) {}
}

export type EventStreamItem = SfuEvent | StreamCutOff;

/**
 * The app's events that match `filter`, in order: first those after `since` still in the log's
 * history, then live ones, with no gap (the listener is added before the history is read) and no
 * duplicate (a live event already replayed is dropped by its seq).
 *
 * Nothing is held until the first `next()`: a stream a transport drops unread (yoga's 406 for a
 * subscription over plain JSON) holds no listener and no slot. Live events wait in a buffer of
 * `bufferSize`; a subscriber that lets it fill is cut off at once (listener and buffer freed) and
 * gets, as its last item, an error naming the `since` to resubscribe with: nothing is lost to it.
 * A `since` ahead of the app's last event ends the stream on an error as its first item.
 */
export function eventStream(app: App, filter: EventFilter, options: EventStreamOptions): AsyncIterableIterator<EventStreamItem> {
  return new EventSubscription(app, filter, options);
}

class EventSubscription implements AsyncIterableIterator<EventStreamItem> {
  readonly #queue: EventStreamItem[] = [];
  #waiting: ((result: IteratorResult<EventStreamItem>) => void) | undefined;
  #state: 'idle' | 'live' | 'ended' = 'idle';
  #capacity = 0;
  /** The last seq queued: live events at or below it are duplicates of the replay. */
  #lastQueued: number;
  /** The last seq handed to the transport: where a cut-off subscriber resumes. */
  #lastHanded: number | undefined;
  #release: (() => void) | undefined;
  #stopListening: (() => void) | undefined;
  /** Live events that came while the history was being read: they follow it, duplicates dropped. */
  #arrivedDuringReplay: SfuEvent[] | undefined = [];
  /** Replayed history not yet handed: old news, so no delivery lag is reported for it. */
  readonly #replayed = new WeakSet<SfuEvent>();

  constructor(
    private readonly app: App,
    private readonly filter: EventFilter,
    private readonly options: EventStreamOptions,
  ) {
    this.#lastHanded = filter.since;
    // Nothing at or below `since` is the subscriber's news, live or replayed.
    this.#lastQueued = filter.since ?? 0;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<EventStreamItem>> {
    if (this.#state === 'idle') this.#start();
    const item = this.#queue.shift();
    if (item !== undefined) {
      if (item instanceof StreamCutOff) this.#end();
      else this.#handed(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#state === 'ended') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  return(): Promise<IteratorResult<EventStreamItem>> {
    this.#end();
    this.#queue.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  #start(): void {
    this.#state = 'live';
    try {
      this.#release = this.options.admit();
    } catch (error) {
      this.#cutOff(error instanceof SfuError ? error : new SfuError('internal_error', 'the subscription could not start'));
      return;
    }
    const { app, filter } = this;
    this.#stopListening =
      filter.sessionId !== undefined
        ? this.options.pubsub.listen('session', filter.sessionId, (e) => this.#onEvent(e))
        : filter.room !== undefined
          ? this.options.pubsub.listen('room', roomKey(app.id, filter.room), (e) => this.#onEvent(e))
          : this.options.pubsub.listen('app', app.id, (e) => this.#onEvent(e));
    void this.#replay();
  }

  /** Reads the history after `since` (after the listener is on), then lets the live events through. */
  async #replay(): Promise<void> {
    const { app, filter } = this;
    let history: SfuEvent[] = [];
    try {
      const last = await this.options.bus.lastSeq(app.id);
      if (filter.since !== undefined && filter.since > last) {
        throw new SfuError('invalid_params', `since=${filter.since} is ahead of the last event (${last}); the server may have restarted: query the state again`);
      }
      if (filter.since !== undefined) {
        const { events, complete } = await this.options.bus.since(app.id, filter.since);
        if (!complete) throw new SfuError('invalid_params', `events after ${filter.since} are no longer kept: query the state again and subscribe with its seq`);
        history = events.filter((e) => this.#matches(e));
      }
    } catch (error) {
      const known = asSfuError(error);
      if (this.#state === 'live') this.#cutOff(known instanceof SfuError ? known : new SfuError('internal_error', 'the event history could not be read'));
      return;
    }
    if (this.#state !== 'live') return;
    const arrived = this.#arrivedDuringReplay ?? [];
    this.#arrivedDuringReplay = undefined;
    // The replay may be long; the buffer bounds what piles up after it.
    this.#capacity = history.length + arrived.length + this.options.bufferSize;
    for (const event of history) this.#replayed.add(event);
    for (const event of [...history, ...arrived]) this.#deliver(event);
  }

  /** An event leaves for the transport: where a cut-off subscriber resumes; a live one's lag is reported. */
  #handed(event: SfuEvent): void {
    this.#lastHanded = event.seq;
    if (!this.#replayed.delete(event)) this.options.delivered?.(event);
  }

  /** Hands an event to a waiting reader or queues it, unless it is at or below the last one queued. */
  #deliver(event: SfuEvent): void {
    if (event.seq <= this.#lastQueued) return;
    this.#lastQueued = event.seq;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      this.#handed(event);
      resolve({ value: event, done: false });
    } else {
      this.#queue.push(event);
    }
  }

  #onEvent(event: SfuEvent): void {
    if (this.#state !== 'live' || !this.#matches(event)) return;
    if (this.#arrivedDuringReplay) {
      this.#arrivedDuringReplay.push(event);
      return;
    }
    if (event.seq <= this.#lastQueued) return;
    if (!this.#waiting && this.#queue.length >= this.#capacity) {
      this.#queue.length = 0;
      const since = this.#lastHanded ?? 0;
      this.#cutOff(
        new SfuError('retryable_transient_error', `subscriber too slow: more than ${this.options.bufferSize} events waited for it; resubscribe with since: ${since}`),
      );
      return;
    }
    this.#deliver(event);
  }

  #matches(event: SfuEvent): boolean {
    const { app, filter } = this;
    return (
      event.appId === app.id &&
      (filter.room === undefined || event.room === filter.room) &&
      (filter.sessionId === undefined || event.sessionId === filter.sessionId)
    );
  }

  /** Frees the listener and the slot now; the error is the last item the subscriber gets. */
  #cutOff(error: SfuError): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    this.#end();
    const cutOff = new StreamCutOff(error);
    if (waiting) waiting({ value: cutOff, done: false });
    else this.#queue.push(cutOff);
  }

  #end(): void {
    this.#state = 'ended';
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#release?.();
    this.#release = undefined;
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }
}
