import { CallsClient } from '../test/helpers/callsClient.js';
import { pull } from '../test/helpers/flows.js';
import { testApps } from '../test/helpers/sfu.js';
import { WrtcPeer, type SyntheticMedia } from '../test/helpers/wrtcPeer.js';
import { processCpuMs, usageMs } from './load/cpu.js';
import { SfuProcess } from './sfuProcess.js';
import { texturedMedia } from './texturedMedia.js';
import { mean, nowMs, percentile, sleep } from './stats.js';
import { fixed, type Table } from './table.js';

export interface FanoutBenchOptions {
  /** Subscriber counts, one round each. @default [1, 4, 8] */
  subscribers?: number[];
  /** Steady-state window over which fps and CPU are measured. @default 5000 */
  windowMs?: number;
  /** mediasoup workers of the SFU under test. @default 2 */
  workers?: number;
}

export interface Publisher {
  peer: WrtcPeer;
  media: SyntheticMedia;
  sessionId: string;
  audioTrackName: string;
  videoTrackName: string;
}

interface Subscription {
  peer: WrtcPeer;
  sessionId: string;
  mid: string;
  firstFrameMs: number;
}

/** CPU counters at one instant, in milliseconds of CPU time. */
interface CpuSnapshot {
  atMs: number;
  sfuNodeMs: number;
  workerMs: number[];
  peersMs: number;
}

/** Video bytes each subscriber has received so far (inbound-rtp). */
async function videoBytesReceived(subscriptions: Subscription[]): Promise<number[]> {
  return Promise.all(
    subscriptions.map(async ({ peer }) => {
      let bytes = 0;
      (await peer.pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') bytes += report.bytesReceived ?? 0;
      });
      return bytes;
    }),
  );
}

interface RoundResult {
  subscribers: number;
  firstFrameMs: number[];
  fps: number[];
  kbps: number[];
  width: number;
  height: number;
  cpu: { wallMs: number; sfuNodeMs: number; workerMs: number[]; peersMs: number };
}

async function cpuSnapshot(sfu: SfuProcess): Promise<CpuSnapshot> {
  return {
    atMs: nowMs(),
    sfuNodeMs: usageMs(await sfu.cpuUsage()),
    workerMs: sfu.workerPids.map(processCpuMs),
    peersMs: usageMs(process.cpuUsage()),
  };
}

/** Publishes textured audio+video: client offer -> tracks/new -> answer, as flows.publish does. */
export async function publishTextured(client: CallsClient, camera = { width: 320, height: 240 }): Promise<Publisher> {
  const media = texturedMedia(camera.width, camera.height);
  const peer = new WrtcPeer();
  try {
    const audio = peer.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
    const video = peer.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
    const { sessionId } = await client.newSession();
    const offer = await peer.offer();
    const result = await client.newTracks(sessionId, {
      sessionDescription: offer,
      tracks: [
        { location: 'local', mid: audio.mid, trackName: 'cam-audio' },
        { location: 'local', mid: video.mid, trackName: 'cam-video' },
      ],
    });
    const failed = result.tracks.filter((t) => t.errorCode);
    if (failed.length > 0) throw new Error(`publish failed: ${JSON.stringify(failed)}`);
    await peer.pc.setRemoteDescription(result.sessionDescription!);
    return { peer, media, sessionId, audioTrackName: 'cam-audio', videoTrackName: 'cam-video' };
  } catch (error) {
    peer.close();
    media.stop();
    throw error;
  }
}

/** A subscriber joins: new session, then (timed) tracks/new pull + answer + renegotiate until the first decoded frame. */
async function subscribe(client: CallsClient, publisher: Publisher): Promise<Subscription> {
  const peer = new WrtcPeer();
  try {
    const { sessionId } = await client.newSession();
    const start = nowMs();
    const subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.videoTrackName }], { peer, sessionId });
    const item = subscriber.results[0];
    if (!item?.mid || item.errorCode) throw new Error(`pull failed: ${JSON.stringify(item)}`);
    const mid = item.mid;
    const deadline = start + 15_000;
    // 2 ms polling: the first-frame time is known to within that.
    while ((peer.video.get(mid)?.frames ?? 0) === 0) {
      if (nowMs() > deadline) throw new Error(`no decoded frame within 15 s on mid ${mid}`);
      await sleep(2);
    }
    return { peer, sessionId, mid, firstFrameMs: nowMs() - start };
  } catch (error) {
    peer.close();
    throw error;
  }
}

async function runRound(client: CallsClient, sfu: SfuProcess, publisher: Publisher, count: number, windowMs: number): Promise<RoundResult> {
  const joined = await Promise.allSettled(Array.from({ length: count }, () => subscribe(client, publisher)));
  const subscriptions = joined.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  try {
    const failure = joined.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    const framesAt = (): number[] => subscriptions.map((s) => s.peer.video.get(s.mid)?.frames ?? 0);
    const bytesBefore = await videoBytesReceived(subscriptions);
    const framesBefore = framesAt();
    const before = await cpuSnapshot(sfu);
    await sleep(windowMs);
    const framesAfter = framesAt();
    const after = await cpuSnapshot(sfu);
    const bytesAfter = await videoBytesReceived(subscriptions);
    const wallMs = after.atMs - before.atMs;
    const video = subscriptions[0]?.peer.video.get(subscriptions[0].mid);
    return {
      subscribers: count,
      firstFrameMs: subscriptions.map((s) => s.firstFrameMs),
      fps: framesAfter.map((frames, i) => ((frames - framesBefore[i]!) * 1000) / wallMs),
      kbps: bytesAfter.map((bytes, i) => ((bytes - bytesBefore[i]!) * 8) / wallMs),
      width: video?.width ?? 0,
      height: video?.height ?? 0,
      cpu: {
        wallMs,
        sfuNodeMs: after.sfuNodeMs - before.sfuNodeMs,
        workerMs: after.workerMs.map((ms, i) => ms - before.workerMs[i]!),
        peersMs: after.peersMs - before.peersMs,
      },
    };
  } finally {
    // Forced close frees the consumers at once; a closed peer alone would leave the SFU sending
    // to it until the liveness timeout, inflating the next round's CPU.
    await Promise.allSettled(subscriptions.map((s) => client.closeTracks(s.sessionId, { tracks: [{ mid: s.mid }], force: true })));
    for (const s of subscriptions) s.peer.close();
  }
}

/**
 * One wrtc publisher (audio + 320x240 video), N subscribers pulling its video. The SFU runs in its
 * own process, so its CPU time excludes the peers' encoding and decoding.
 */
export async function runFanoutBench(options: FanoutBenchOptions = {}): Promise<Table> {
  const counts = options.subscribers ?? [1, 4, 8];
  const windowMs = options.windowMs ?? 5_000;
  const workers = options.workers ?? 2;
  const results: RoundResult[] = [];
  let sfu: SfuProcess | undefined;
  let publisher: Publisher | undefined;
  try {
    sfu = await SfuProcess.start(workers);
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publishTextured(client);
    // Let the encoder's bitrate ramp up before the first round, as it would have in a running call.
    await sleep(3_000);
    for (const count of counts) results.push(await runRound(client, sfu, publisher, count, windowMs));
  } finally {
    publisher?.peer.close();
    publisher?.media.stop();
    await sfu?.stop();
  }

  const percent = (cpuMs: number, wallMs: number): string => fixed((cpuMs * 100) / wallMs, 1);
  return {
    title: `Media fan-out (1 wrtc publisher, N subscribers pulling video, SFU with ${workers} workers in its own process)`,
    columns: [
      { heading: 'N', align: 'right' },
      { heading: 'first frame p50 ms', align: 'right' },
      { heading: 'max ms', align: 'right' },
      { heading: 'fps/sub mean', align: 'right' },
      { heading: 'min', align: 'right' },
      { heading: 'kbit/s/sub', align: 'right' },
      { heading: 'SFU node CPU %', align: 'right' },
      { heading: 'workers CPU %', align: 'right' },
      { heading: 'per worker %', align: 'right' },
      { heading: 'peers CPU %', align: 'right' },
    ],
    rows: results.map((r) => [
      String(r.subscribers),
      fixed(percentile(r.firstFrameMs, 50), 0),
      fixed(Math.max(...r.firstFrameMs), 0),
      fixed(mean(r.fps), 1),
      fixed(Math.min(...r.fps), 1),
      fixed(mean(r.kbps), 0),
      percent(r.cpu.sfuNodeMs, r.cpu.wallMs),
      percent(r.cpu.workerMs.reduce((a, b) => a + b, 0), r.cpu.wallMs),
      r.cpu.workerMs.map((ms) => percent(ms, r.cpu.wallMs)).join(' / '),
      percent(r.cpu.peersMs, r.cpu.wallMs),
    ]),
    notes: [
      `video ${results[0]?.width ?? 0}x${results[0]?.height ?? 0} VP8 from a 30 fps textured synthetic source (bench/texturedMedia.ts); the N subscribers join at once`,
      'first frame: tracks/new pull -> client answer -> renegotiate -> first decoded frame (2 ms polling);',
      '  producers space keyframe requests by 350 ms (libwebrtc ignores one within 300 ms of the last), so a late',
      '  join waits at most about that long for its keyframe (see docs/benchmarks.md)',
      `fps and CPU over a ${windowMs / 1000} s window after every subscriber decoded its first frame; CPU % is of one core`,
      'SFU node = process.cpuUsage() of the SFU process; workers = utime+stime from /proc/<pid>/stat (10 ms ticks)',
      'peers = this process (publisher encoder + N wrtc decoders), for context: it shares the same cores',
    ],
  };
}
