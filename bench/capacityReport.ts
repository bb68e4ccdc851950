/** The capacity bench's result: what one step measured, the table it prints and the JSON it writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SrtpFloor } from './load/srtpFloor.js';
import { percentile } from './stats.js';
import { fixed, type Table } from './table.js';

/** One step: N subscribers, of which `joined` were added in this step, measured over one window. */
export interface StepResult {
  subscribers: number;
  joined: number;
  joinFailures: number;
  /** The first failed join's error, shortened. */
  firstFailure: string | undefined;
  /** Per subscriber added in this step: ms from tracks/new to its first RTP packet. */
  joinMs: number[];
  /** ... and to the first packet of a VP8 keyframe. */
  keyframeMs: number[];
  /** Subscribers added in this step that had no packet when the window began. */
  noMediaAfterJoin: number;
  windowMs: number;
  /** RTP packets the publisher sent per second (video + audio). */
  publisherPacketsPerSecond: number;
  receivedPackets: number;
  /** Packets the subscribers' sequence numbers say were sent to them in the window. */
  expectedPackets: number;
  lossPercent: number;
  /** Subscribers that received nothing in the window (their loss cannot show in sequence gaps). */
  silentStreams: number;
  /** RTP bytes (after SRTP removal) all subscribers received, as Mbit/s. */
  forwardedMbps: number;
  /** Per subscriber, RFC 3550 interarrival jitter of its video at the window's end, ms. */
  videoJitterMs: number[];
  /** CPU as % of one core: the SFU's Node process, its workers summed, this load generator. */
  sfuNodeCpuPercent: number;
  workersCpuPercent: number;
  generatorCpuPercent: number;
  /** SFU CPU (Node + workers) per packet a subscriber received, µs. */
  sfuCpuUsPerPacket: number;
  /** SFU CPU (% of one core) per Mbit/s forwarded. */
  sfuCpuPercentPerMbps: number;
  /** (SFU Node RSS + workers' RSS - the same before any subscriber) / N, KiB. */
  memoryPerSubscriberKb: number;
  /** Whether the publisher's connection had closed by the window's end (its numbers then mean little). */
  publisherLost: boolean;
  cores: number;
  /** 1-minute load average before the step's joins and after its window. */
  loadAverage: [number, number];
}

export interface CapacityResult {
  scenario: string;
  measuredAt: string;
  workers: number;
  videoKbps: number;
  windowMs: number;
  /** Pulls in flight at once while a step adds subscribers. */
  joinConcurrency: number;
  stopReason: string;
  floor: SrtpFloor;
  steps: StepResult[];
}

export function capacityTable(result: CapacityResult): Table {
  const { floor } = result;
  return {
    title: `Capacity (a): 1 publisher (VP8 ~${result.videoKbps} kbit/s + Opus 32 kbit/s) to N libdatachannel subscribers, SFU with ${result.workers} workers in its own process`,
    columns: [
      { heading: 'N', align: 'right' },
      { heading: 'join p50 ms', align: 'right' },
      { heading: 'p99', align: 'right' },
      { heading: 'keyframe p50 ms', align: 'right' },
      { heading: 'loss %', align: 'right' },
      { heading: 'silent', align: 'right' },
      { heading: 'jitter p99 ms', align: 'right' },
      { heading: 'fwd Mbit/s', align: 'right' },
      { heading: 'SFU µs/pkt', align: 'right' },
      { heading: 'floor µs/pkt', align: 'right' },
      { heading: 'SFU %/Mbit/s', align: 'right' },
      { heading: 'workers %', align: 'right' },
      { heading: 'SFU node %', align: 'right' },
      { heading: 'generator %', align: 'right' },
      { heading: 'KiB/sub', align: 'right' },
      { heading: 'load avg', align: 'right' },
    ],
    rows: result.steps.map((s) => [
      String(s.subscribers) + (s.joinFailures > 0 ? ` (${s.joinFailures} failed)` : '') + (s.publisherLost ? ' (publisher lost)' : ''),
      fixed(percentile(s.joinMs, 50), 0),
      fixed(percentile(s.joinMs, 99), 0),
      fixed(percentile(s.keyframeMs, 50), 0),
      fixed(s.lossPercent, 2),
      String(s.silentStreams),
      fixed(percentile(s.videoJitterMs, 99), 1),
      fixed(s.forwardedMbps, 1),
      fixed(s.sfuCpuUsPerPacket, 1),
      fixed(floor.totalUs, 1),
      fixed(s.sfuCpuPercentPerMbps, 2),
      fixed(s.workersCpuPercent, 0),
      fixed(s.sfuNodeCpuPercent, 0),
      fixed(s.generatorCpuPercent, 0),
      fixed(s.memoryPerSubscriberKb, 0),
      s.loadAverage.map((l) => fixed(l, 1)).join('-'),
    ]),
    notes: [
      `each step adds subscribers (${result.joinConcurrency} pulls in flight) to the ones already there, then measures a ${result.windowMs / 1000} s window; stopped because ${result.stopReason}`,
      'join: tracks/new pull -> SFU offer -> libdatachannel answer -> renegotiate -> first RTP packet (of the subscribers added in that step)',
      'keyframe: ... -> first packet of a VP8 keyframe; the pre-encoded publisher cannot answer PLI, so this waits for the clip\'s next one (every 2 s)',
      'loss: sequence-number gaps over the window, all subscribers and both tracks; silent: subscribers with no packet in the window',
      'SFU µs/pkt: (SFU Node process.cpuUsage + workers /proc utime+stime) / packets the subscribers received; CPU % is of one core',
      `floor: one SRTP protect of a 1,200-byte packet (Node crypto AES-128-CTR + HMAC-SHA1-80 standing in for libsrtp: ${fixed(floor.protectUs, 1)} µs) + one UDP send to loopback (${fixed(floor.sendUs, 1)} µs)`,
      'generator: this process (publisher + every subscriber PeerConnection, libdatachannel threads included), to see which side ran out',
      'KiB/sub: (SFU Node RSS + workers RSS) growth since before the first subscriber, / N',
    ],
  };
}

/** Writes the result as JSON (bench/results/ is git-ignored). */
export function writeCapacityJson(path: string, result: CapacityResult): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
