import type { PendingEvent } from './eventEntries.js';

/** One app's events waiting for the store: `inFlight` was handed out and awaits its answer. */
interface AppQueue {
  inFlight: PendingEvent[];
  waiting: PendingEvent[];
  /** Where `waiting` starts: shifting a long array one by one is quadratic. */
  head: number;
}

/**
 * The events this instance published and the store has not taken yet, per app, in order. One
 * batch per app is out at a time; a failed batch goes out again first, unchanged, so the store's
 * dedup marker recognises what an earlier try already appended. Bounded: past `capacity`, the
 * oldest waiting event (of any app) is dropped, never one in flight.
 */
export class Outbox {
  readonly #apps = new Map<string, AppQueue>();
  #size = 0;

  constructor(private readonly capacity: number) {}

  /** Events held, in flight or waiting. */
  get size(): number {
    return this.#size;
  }

  /** Adds an event; returns the event it dropped to make room, if any. */
  push(appId: string, event: PendingEvent): PendingEvent | undefined {
    let app = this.#apps.get(appId);
    if (!app) this.#apps.set(appId, (app = { inFlight: [], waiting: [], head: 0 }));
    app.waiting.push(event);
    this.#size++;
    return this.#size > this.capacity ? this.#dropOldest() : undefined;
  }

  /** Per app with events: the batch to send (the one that failed last time, else the next up to `max`). */
  takeBatches(max: number): Map<string, PendingEvent[]> {
    const batches = new Map<string, PendingEvent[]>();
    for (const [appId, app] of this.#apps) {
      if (app.inFlight.length === 0) {
        app.inFlight = app.waiting.slice(app.head, app.head + max);
        app.head += app.inFlight.length;
        this.#compact(app);
      }
      if (app.inFlight.length > 0) batches.set(appId, app.inFlight);
    }
    return batches;
  }

  /** The app's batch is in the store. */
  delivered(appId: string): void {
    const app = this.#apps.get(appId);
    if (!app) return;
    this.#size -= app.inFlight.length;
    app.inFlight = [];
    if (app.waiting.length === app.head) this.#apps.delete(appId);
  }

  #dropOldest(): PendingEvent | undefined {
    let oldest: AppQueue | undefined;
    for (const app of this.#apps.values()) {
      const first = app.waiting[app.head];
      if (first && (!oldest || first.local < oldest.waiting[oldest.head]!.local)) oldest = app;
    }
    if (!oldest) return undefined;
    const dropped = oldest.waiting[oldest.head++];
    this.#size--;
    this.#compact(oldest);
    return dropped;
  }

  #compact(app: AppQueue): void {
    if (app.head > 1024 && app.head * 2 > app.waiting.length) {
      app.waiting = app.waiting.slice(app.head);
      app.head = 0;
    }
  }
}
