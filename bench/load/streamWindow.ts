/**
 * A measurement window for scenarios where each subscriber pulls many streams (a meeting, an audio
 * room): wait until every pulled stream has delivered, measure the window, and count the streams
 * that kept delivering through it (a stream that stops shows here even when its subscriber's other
 * streams hide it from the silent-subscriber count).
 */
import type { LoadPublisher } from './publisher.js';
import { waitForMedia } from './steps.js';
import type { LoadSubscriber } from './subscriber.js';
import type { LoadTarget } from './target.js';
import { measureWindow, type WindowResult } from './window.js';

/** A subscriber and how many streams its pull asked for. */
export interface Pull {
  subscriber: LoadSubscriber;
  streams: number;
}

export interface StreamWindow {
  window: WindowResult;
  /** Streams that received at least one packet during the window. */
  liveStreams: number;
}

/** Whether every stream `pull` asked for has been announced and has delivered a packet. */
export function flowing(pull: Pull): boolean {
  const { streams } = pull.subscriber;
  return streams.length >= pull.streams && streams.every((s) => s.stats.packets > 0);
}

/** Waits (bounded) for `waitFor`'s streams to flow, then measures `windowMs` over all `pulls`. */
export async function measureStreams(
  target: LoadTarget,
  publishers: readonly LoadPublisher[],
  pulls: readonly Pull[],
  waitFor: readonly Pull[],
  windowMs: number,
): Promise<StreamWindow> {
  await waitForMedia(() => waitFor.every(flowing));
  const subscribers = pulls.map((p) => p.subscriber);
  const before = subscribers.map((s) => s.streams.map((stream) => stream.stats.packets));
  const window = await measureWindow(target, publishers, subscribers, windowMs);
  const liveStreams = subscribers.reduce(
    (sum, s, i) => sum + s.streams.filter((stream, j) => stream.stats.packets > (before[i]![j] ?? 0)).length,
    0,
  );
  return { window, liveStreams };
}
