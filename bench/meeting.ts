/**
 * Capacity, scenario (b): a meeting of M participants, each publishing VP8 (~500 kbit/s,
 * pre-encoded) and Opus and pulling every other participant's two tracks. A participant is one
 * LoadPublisher and one LoadSubscriber, so two PeerConnections, on every target alike. Each M is a
 * fresh meeting: every peer of the last one is closed first (the target stays up). M grows until
 * the shared step rules (bench/load/steps.ts) stop the run.
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

export interface MeetingBenchOptions extends StepScenarioOptions<RoomStep> {
  /** Meeting sizes, in order, each a fresh meeting. @default [4, 8, 16, 25] */
  participants?: number[];
  /** Each participant's VP8 rate, kbit/s. @default 500 */
  videoKbps?: number;
  /** Publishes, then pulls, in flight at once while a meeting fills. @default 8 */
  joinConcurrency?: number;
}

/** Pause between the last publish and the first pull: ours refuses a pull of a track that has sent nothing. */
const publishSettleMs = 1_500;
/** Pause after a meeting closed, so its teardown stays out of the next one's baseline. */
const teardownMs = 500;

/**
 * Runs scenario (b) against each target in turn; returns the tables and the raw result. As with
 * capacity, libdatachannel's threads outlive the run: the process must end with process.exit.
 */
export async function runMeetingBench(options: MeetingBenchOptions = {}): Promise<{ tables: Table[]; result: RoomResult }> {
  const floor = await measureSrtpFloor();
  const videoKbps = options.videoKbps ?? 500;
  const media = { video: await vp8Clip(videoKbps), audio: await opusClip() };
  const runs: RoomRun[] = [];
  for (const name of options.targets ?? targetNames) runs.push(await runTarget(name, media, options));
  const result: RoomResult = {
    name: 'Meeting (b)',
    scenario: 'b: a meeting of M participants, each publishing VP8 + Opus and pulling everyone else',
    measuredAt: new Date().toISOString(),
    sizeName: 'M',
    memoryUnit: 'participant',
    workers: options.workers ?? 2,
    videoKbps,
    windowMs: options.windowMs ?? 10_000,
    joinConcurrency: options.joinConcurrency ?? 8,
    floor,
    runs,
  };
  const tables = roomTables(result, {
    title: `Meeting (b): M participants, each publishing VP8 ~${videoKbps} kbit/s + Opus 32 kbit/s and pulling the other M-1`,
    method: [
      'a participant is one publisher PeerConnection (VP8 + Opus) and one subscriber PeerConnection pulling the other M-1 participants\' both tracks: two PeerConnections per participant on every target',
      `each M is a fresh meeting: all M publish (${result.joinConcurrency} in flight), then after ${publishSettleMs / 1000} s all M pull; everything is closed before the next M`,
      "KiB/part.: the target's RSS growth from before the meeting's first publish, / M (the first meeting also pays the target's warm-up)",
    ],
  });
  return { tables, result };
}

async function runTarget(name: TargetName, media: { video: Clip; audio: Clip }, options: MeetingBenchOptions): Promise<RoomRun> {
  const rules = { sizeName: 'M', maxLossPercent: options.maxLossPercent ?? 2, budgetMs: options.budgetMs ?? 300_000 };
  const meeting = { windowMs: options.windowMs ?? 10_000, concurrency: options.joinConcurrency ?? 8 };
  const target = await tryStartTarget(name, { workers: options.workers ?? 2 }, 'meeting');
  if ('couldNotStart' in target) return { target: name, stopReason: target.couldNotStart, steps: [] };
  try {
    const { steps, stopReason } = await runSteps(options.participants ?? [4, 8, 16, 25], rules, (m) => runMeeting(target, media, m, meeting), options.onStep);
    return { target: name, stopReason, steps };
  } finally {
    await target.stop();
  }
}

/** One meeting of `m`: everyone publishes, everyone pulls the others, one window, everyone leaves. */
async function runMeeting(
  target: LoadTarget,
  media: { video: Clip; audio: Clip },
  m: number,
  options: { windowMs: number; concurrency: number },
): Promise<RoomStep> {
  const baselineRss = target.rssBytes();
  let publishers: LoadPublisher[] = [];
  let pulls: Pull[] = [];
  try {
    const published = await joinAll(m, options.concurrency, (i) => LoadPublisher.create(target, media, `m${m}-p${i}`));
    publishers = published.added;
    await sleep(publishSettleMs);
    // Participant i pulls every feed but its own; one whose publish failed has left the meeting.
    const pulled = await joinAll(publishers.length, options.concurrency, async (i) => {
      const feeds = publishers.filter((_, j) => j !== i).map((p) => p.feed);
      const subscriber = await LoadSubscriber.create(target, { feeds }, `m${m}-s${i}`);
      return { subscriber, streams: feeds.reduce((sum, feed) => sum + feed.kinds.length, 0) };
    });
    pulls = pulled.added;
    const { window, liveStreams } = await measureStreams(target, publishers, pulls, pulls, options.windowMs);
    const subscribers = pulls.map((p) => p.subscriber);
    return {
      target: target.name,
      size: m,
      subscribers: subscribers.length,
      joined: m,
      joinFailures: published.failures + pulled.failures,
      firstFailure: published.firstFailure ?? pulled.firstFailure,
      expectedStreams: m * (m - 1) * 2,
      liveStreams,
      joinMs: subscribers.flatMap((s) => (s.firstPacketMs === undefined ? [] : [s.firstPacketMs])),
      noMediaAfterJoin: subscribers.filter((s) => s.firstPacketMs === undefined).length,
      memoryPerUnitKb: (target.rssBytes() - baselineRss) / 1024 / m,
      ...window,
    };
  } finally {
    await settleAll(pulls.length, 16, (i) => pulls[i]!.subscriber.close());
    await settleAll(publishers.length, 16, (i) => publishers[i]!.close());
    await sleep(teardownMs);
  }
}
