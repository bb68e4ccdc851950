/**
 * One measurement window over a running load: counters read before and after, turned into loss,
 * rates and the target's CPU per forwarded packet. Every scenario measures this way, for every
 * target, so their rows compare.
 */
import { cpus, loadavg } from 'node:os';
import { usageMs } from './cpu.js';
import { nowMs, sleep } from '../stats.js';
import { udpDrops, udpDropsBetween, udpReceiveBufferDrops } from './procfs.js';
import type { PublisherCounters } from './publisher.js';
import type { StreamSnapshot } from './streamStats.js';
import type { LoadSubscriber } from './subscriber.js';
import type { LoadTarget, TargetCpu } from './target.js';

export interface WindowResult {
  windowMs: number;
  /** RTP packets all publishers sent per second. */
  publisherPacketsPerSecond: number;
  receivedPackets: number;
  /** Packets the subscribers' sequence numbers say were sent to them in the window. */
  expectedPackets: number;
  lossPercent: number;
  /** Subscribers that received nothing in the window (their loss cannot show in sequence gaps). */
  silentSubscribers: number;
  /** RTP bytes (after SRTP removal) all subscribers received, as Mbit/s. */
  forwardedMbps: number;
  /** Per subscriber, RFC 3550 jitter of its first video stream (or first stream) at the window's end, ms. */
  jitterMs: number[];
  /** CPU as % of one core: the target's control and media processes, and this load generator. */
  controlCpuPercent: number;
  mediaCpuPercent: number;
  generatorCpuPercent: number;
  /** Target CPU (control + media) per packet a subscriber received, µs. */
  cpuUsPerPacket: number;
  /** The same, media processes only and control processes only. */
  mediaUsPerPacket: number;
  controlUsPerPacket: number;
  /** Target CPU (% of one core) per Mbit/s forwarded. */
  cpuPercentPerMbps: number;
  /**
   * UDP datagrams the kernel dropped in the window because a socket's receive buffer was full: at
   * the target's sockets (its ingress from the publisher, RTCP from subscribers) and at this
   * process's (the generator's: what the target sent that the subscribers could not take in time).
   * Tells which side lost what the sequence gaps count.
   */
  targetUdpDrops: number;
  generatorUdpDrops: number;
  /** Whether a publisher's connection had closed by the window's end (its numbers then mean little). */
  publisherLost: boolean;
  cores: number;
  /** 1-minute load average at the window's start and end. */
  loadAverage: [number, number];
  /**
   * UDP datagrams the kernel dropped on full receive buffers during the window, machine-wide (any
   * process's sockets): loss the SFU's and the generator's CPU figures cannot show.
   */
  udpReceiveBufferDrops: number;
}

/** What a window reads of a publisher (LoadPublisher, SimulcastPublisher). */
export interface MeasuredPublisher {
  readonly counters: Readonly<Pick<PublisherCounters, 'videoPackets' | 'audioPackets'>>;
  /** Whether its connection to the target closed. */
  readonly lost: boolean;
}

interface Counters {
  atMs: number;
  cpu: TargetCpu;
  generatorMs: number;
  publisherPackets: number;
  /** Per subscriber, its streams summed. */
  streams: StreamSnapshot[];
  targetDrops: Map<string, number>;
  generatorDrops: Map<string, number>;
}

async function read(target: LoadTarget, publishers: readonly MeasuredPublisher[], subscribers: readonly LoadSubscriber[]): Promise<Counters> {
  return {
    atMs: nowMs(),
    cpu: await target.cpu(),
    generatorMs: usageMs(process.cpuUsage()),
    targetDrops: udpDrops(target.pids()),
    generatorDrops: udpDrops([process.pid]),
    publisherPackets: publishers.reduce((sum, p) => sum + p.counters.videoPackets + p.counters.audioPackets, 0),
    streams: subscribers.map((s) => {
      const total: StreamSnapshot = { packets: 0, bytes: 0, expected: 0 };
      for (const { stats } of s.streams) {
        const snap = stats.snapshot();
        total.packets += snap.packets;
        total.bytes += snap.bytes;
        total.expected += snap.expected;
      }
      return total;
    }),
  };
}

/** Measures `windowMs` of the load as it runs. Subscribers must not change during the window. */
export async function measureWindow(
  target: LoadTarget,
  publishers: readonly MeasuredPublisher[],
  subscribers: readonly LoadSubscriber[],
  windowMs: number,
): Promise<WindowResult> {
  const loadBefore = loadavg()[0]!;
  const dropsBefore = udpReceiveBufferDrops();
  const before = await read(target, publishers, subscribers);
  await sleep(windowMs);
  const after = await read(target, publishers, subscribers);
  const wallMs = after.atMs - before.atMs;
  let received = 0;
  let expected = 0;
  let bytes = 0;
  let silent = 0;
  after.streams.forEach((a, i) => {
    const b = before.streams[i]!;
    const got = a.packets - b.packets;
    if (got === 0) silent += 1;
    received += got;
    expected += a.expected - b.expected;
    bytes += a.bytes - b.bytes;
  });
  const controlMs = after.cpu.controlMs - before.cpu.controlMs;
  const mediaMs = after.cpu.mediaMs - before.cpu.mediaMs;
  const percentOfCore = (ms: number): number => (ms * 100) / wallMs;
  const mbps = (bytes * 8) / (wallMs * 1000);
  const perPacketUs = (ms: number): number => (received > 0 ? (ms * 1000) / received : Number.NaN);
  return {
    windowMs: wallMs,
    publisherPacketsPerSecond: ((after.publisherPackets - before.publisherPackets) * 1000) / wallMs,
    receivedPackets: received,
    expectedPackets: expected,
    lossPercent: expected > 0 ? (Math.max(0, expected - received) * 100) / expected : 0,
    silentSubscribers: silent,
    forwardedMbps: mbps,
    jitterMs: subscribers.flatMap((s) => {
      const stream = s.stream('video') ?? s.streams[0];
      return stream ? [stream.stats.jitterMs] : [];
    }),
    controlCpuPercent: percentOfCore(controlMs),
    mediaCpuPercent: percentOfCore(mediaMs),
    generatorCpuPercent: percentOfCore(after.generatorMs - before.generatorMs),
    cpuUsPerPacket: perPacketUs(controlMs + mediaMs),
    mediaUsPerPacket: perPacketUs(mediaMs),
    controlUsPerPacket: perPacketUs(controlMs),
    cpuPercentPerMbps: mbps > 0 ? percentOfCore(controlMs + mediaMs) / mbps : Number.NaN,
    targetUdpDrops: udpDropsBetween(before.targetDrops, after.targetDrops),
    generatorUdpDrops: udpDropsBetween(before.generatorDrops, after.generatorDrops),
    publisherLost: publishers.some((p) => p.lost),
    cores: cpus().length,
    loadAverage: [loadBefore, loadavg()[0]!],
    udpReceiveBufferDrops: udpReceiveBufferDrops() - dropsBefore,
  };
}
