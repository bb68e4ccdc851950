import type { App } from '../src/service/AppRegistry.js';
import { SfuError } from '../src/service/errors.js';
import type { SfuEvent, SfuEventBus } from '../src/service/events.js';
import { roomKey, type SfuPubSub } from './pubsub.js';

export interface EventFilter {
  room?: string;
  sessionId?: string;
  /** Replay the events after this sequence number first (from `sessions { seq }` or the last event seen). */
  since?: number;
}

/**
 * The app's events that match `filter`, in order: first those after `since` still in the bus's
 * history, then live ones from the pubsub, with no gap (the live listener is registered before the
 * history is read, in the same tick) and no duplicate (nothing at or below the last seq delivered).
 * A `since` that cannot be served throws here, before the stream starts.
 */
export function eventStream(app: App, bus: SfuEventBus, pubsub: SfuPubSub, filter: EventFilter): AsyncGenerator<SfuEvent> {
  const live = (
    filter.sessionId !== undefined
      ? pubsub.subscribe('session', filter.sessionId)
      : filter.room !== undefined
        ? pubsub.subscribe('room', roomKey(app.id, filter.room))
        : pubsub.subscribe('app', app.id)
  )[Symbol.asyncIterator]();
  // A Repeater starts listening on its first next(): ask now, before reading the history.
  const first = live.next();
  let replay: SfuEvent[];
  try {
    replay = filter.since === undefined ? [] : history(bus, filter.since);
  } catch (error) {
    void live.return?.();
    throw error;
  }
  const matches = (event: SfuEvent): boolean =>
    event.appId === app.id &&
    (filter.room === undefined || event.room === filter.room) &&
    (filter.sessionId === undefined || event.sessionId === filter.sessionId);
  const stream = follow(live, first, replay.filter(matches), bus.lastSeq, matches);
  // A generator ended before it started never runs its finally: stop listening here as well.
  const end = stream.return.bind(stream);
  stream.return = async (value) => {
    await live.return?.();
    return end(value);
  };
  return stream;
}

async function* follow(
  live: AsyncIterator<SfuEvent>,
  first: Promise<IteratorResult<SfuEvent>>,
  replay: SfuEvent[],
  lastSeq: number,
  matches: (event: SfuEvent) => boolean,
): AsyncGenerator<SfuEvent> {
  let next = first;
  let last = lastSeq;
  try {
    yield* replay;
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = live.next();
      const event = result.value;
      if (event.seq <= last || !matches(event)) continue;
      last = event.seq;
      yield event;
    }
  } finally {
    await live.return?.();
  }
}

function history(bus: SfuEventBus, since: number): SfuEvent[] {
  if (since > bus.lastSeq) {
    throw new SfuError('invalid_params', `since=${since} is ahead of the last event (${bus.lastSeq}); the server may have restarted: query the state again`);
  }
  const { events, complete } = bus.since(since);
  if (!complete) {
    throw new SfuError('invalid_params', `events after ${since} are no longer kept: query the state again and subscribe with its seq`);
  }
  return events;
}
