/**
 * Capacity, scenario (c): a large audio room. Ten audio-only publishers (Opus 32 kbit/s,
 * pre-encoded) and subscribers that each pull all ten tracks, growing to 1,000 subscriber streams.
 * The publishers stay for the whole run and each step adds subscribers to those already there, as
 * (a) does; the shared step rules (bench/load/steps.ts) end it.
 */
import { opusClip, vp8Clip, type Clip } from './load/media.js';
import { settleAll } from './load/pool.js';
import { LoadPublisher } from './load/publisher.js';
import { measureSrtpFloor } from './load/srtpFloor.js';
import { joinAll, runSteps, type StepScenarioOptions } from './load/steps.js';
import { measureStreams, type Pull } from './load/streamWindow.js';
import { LoadSubscriber } from './load/subscriber.js';
import type { LoadTarget } from './load/target.js';
import { roomTables, type RoomResult, type RoomRun, type RoomStep } from './roomReport.js';
import { sleep } from './stats.js';
import type { Table } from './table.js';
import { targetNames, tryStartTarget, type TargetName } from './targets/index.js';

export interface AudioRoomBenchOptions extends StepScenarioOptions<RoomStep> {
  /** Audio publishers in the room. @default 10 */
  publishers?: number;
  /** Subscriber counts to reach, in order (each pulls every publisher). @default [10, 25, 50, 100] */
  subscribers?: number[];
  /** Pulls in flight at once while a step adds subscribers. @default 16 */
  joinConcurrency?: number;
}

/** Pause between the last publish and the first pull: ours refuses a pull of a track that has sent nothing. */
const publishSettleMs = 1_500;

/**
 * Runs scenario (c) against each target in turn; returns the tables and the raw result. As with
 * capacity, libdatachannel's threads outlive the run: the process must end with process.exit.
 */
export async function runAudioRoomBench(options: AudioRoomBenchOptions = {}): Promise<{ tables: Table[]; result: RoomResult }> {
  const floor = await measureSrtpFloor();
  const publishers = options.publishers ?? 10;
  // The publishers send no video; LoadPublisher takes both clips, so the smallest one stands by.
  const media = { video: await vp8Clip(500), audio: await opusClip() };
  const runs: RoomRun[] = [];
  for (const name of options.targets ?? targetNames) runs.push(await runTarget(name, media, publishers, options));
  const result: RoomResult = {
    name: 'Audio room (c)',
    scenario: `c: a large audio room, ${publishers} Opus publishers, subscribers pulling all of them`,
    measuredAt: new Date().toISOString(),
    sizeName: 'subscribers',
    memoryUnit: 'stream',
    workers: options.workers ?? 2,
    videoKbps: undefined,
    windowMs: options.windowMs ?? 10_000,
    joinConcurrency: options.joinConcurrency ?? 16,
    floor,
    runs,
  };
  const tables = roomTables(result, {
    title: `Audio room (c): ${publishers} publishers (Opus 32 kbit/s), subscribers pulling all ${publishers} (streams = subscribers x ${publishers})`,
    method: [
      `${publishers} audio-only publisher PeerConnections stay for the run; each subscriber is one PeerConnection pulling all ${publishers} tracks`,
      `each step adds subscribers (${result.joinConcurrency} pulls in flight) to the ones already there`,
      "KiB/stream: the target's RSS growth since the publishers were up, / subscriber streams",
    ],
  });
  return { tables, result };
}

async function runTarget(name: TargetName, media: { video: Clip; audio: Clip }, publisherCount: number, options: AudioRoomBenchOptions): Promise<RoomRun> {
  const rules = { sizeName: 'subscribers', maxLossPercent: options.maxLossPercent ?? 2, budgetMs: options.budgetMs ?? 300_000 };
  const target = await tryStartTarget(name, { workers: options.workers ?? 2 }, 'audio room');
  if ('couldNotStart' in target) return { target: name, stopReason: target.couldNotStart, steps: [] };
  const pulls: Pull[] = [];
  let publishers: LoadPublisher[] = [];
  try {
    const published = await joinAll(publisherCount, 8, (i) => LoadPublisher.create(target, media, `speaker-${i}`, ['audio']));
    publishers = published.added;
    if (published.failures > 0) {
      return { target: name, stopReason: `${published.failures} of ${publisherCount} publishers failed (${published.firstFailure})`, steps: [] };
    }
    await sleep(publishSettleMs);
    const room = { publishers, pulls, baselineRss: target.rssBytes(), windowMs: options.windowMs ?? 10_000, concurrency: options.joinConcurrency ?? 16 };
    const sizes = options.subscribers ?? [10, 25, 50, 100];
    const { steps, stopReason } = await runSteps(sizes, rules, (count) => runStep(target, room, count), options.onStep);
    return { target: name, stopReason, steps };
  } finally {
    await settleAll(pulls.length, 32, (i) => pulls[i]!.subscriber.close());
    await settleAll(publishers.length, 16, (i) => publishers[i]!.close());
    await target.stop();
  }
}

interface Room {
  publishers: readonly LoadPublisher[];
  /** The subscribers so far; a step adds to them. */
  pulls: Pull[];
  baselineRss: number;
  windowMs: number;
  concurrency: number;
}

/** Adds subscribers up to `count`, waits for their streams, then measures one window over all of them. */
async function runStep(target: LoadTarget, room: Room, count: number): Promise<RoomStep> {
  const feeds = room.publishers.map((p) => p.feed);
  const toAdd = Math.max(0, count - room.pulls.length);
  const offset = room.pulls.length;
  const { added, failures, firstFailure } = await joinAll(toAdd, room.concurrency, async (i) => ({
    subscriber: await LoadSubscriber.create(target, { feeds }, `listener-${offset + i}`),
    streams: feeds.length,
  }));
  room.pulls.push(...added);
  const { window, liveStreams } = await measureStreams(target, room.publishers, room.pulls, added, room.windowMs);
  const expectedStreams = room.pulls.length * feeds.length;
  return {
    target: target.name,
    size: count,
    subscribers: room.pulls.length,
    joined: toAdd,
    joinFailures: failures,
    firstFailure,
    expectedStreams,
    liveStreams,
    joinMs: added.flatMap(({ subscriber: s }) => (s.firstPacketMs === undefined ? [] : [s.firstPacketMs])),
    noMediaAfterJoin: added.filter(({ subscriber: s }) => s.firstPacketMs === undefined).length,
    memoryPerUnitKb: (target.rssBytes() - room.baselineRss) / 1024 / Math.max(1, expectedStreams),
    ...window,
  };
}
