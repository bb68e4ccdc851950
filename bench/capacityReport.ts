/** The capacity bench's result: what one step measured, the tables it prints and the JSON it writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpuAndLossCharts, type LineChart } from './charts.js';
import { sideBySideCells, sideBySideColumns } from './compare.js';
import type { SrtpFloor } from './load/srtpFloor.js';
import { saturationPoint as largestGoodSize } from './load/steps.js';
import type { WindowResult } from './load/window.js';
import { percentile } from './stats.js';
import { fixed, type Table } from './table.js';

/** One step: N subscribers, of which `joined` were added in this step, measured over one window. */
export interface StepResult extends WindowResult {
  /** The target's name ("ours", "janus"). */
  target: string;
  subscribers: number;
  joined: number;
  joinFailures: number;
  /** The first failed join's error, shortened. */
  firstFailure: string | undefined;
  /** Per subscriber added in this step: ms from starting the pull to its first RTP packet. */
  joinMs: number[];
  /** ... and to the first packet of a VP8 keyframe. */
  keyframeMs: number[];
  /** Subscribers added in this step that had no packet when the window began. */
  noMediaAfterJoin: number;
  /** (the target's RSS - the same before any subscriber) / N, KiB. */
  memoryPerSubscriberKb: number;
}

/** One target's run of the scenario: its steps and why it stopped. */
export interface TargetRun {
  target: string;
  stopReason: string;
  steps: StepResult[];
}

export interface CapacityResult {
  scenario: string;
  measuredAt: string;
  workers: number;
  videoKbps: number;
  windowMs: number;
  /** Pulls in flight at once while a step adds subscribers. */
  joinConcurrency: number;
  floor: SrtpFloor;
  runs: TargetRun[];
}

/** Largest N whose step lost under 1 % with every join and subscriber served: the saturation point. */
export function saturationPoint(run: TargetRun): number | undefined {
  return largestGoodSize(run.steps, (s) => s.subscribers);
}

/** The headline table (ours beside the peer per N) and one detail table per target. */
export function capacityTables(result: CapacityResult): Table[] {
  return [comparisonTable(result), ...result.runs.map((run) => detailTable(result, run))];
}

function comparisonTable(result: CapacityResult): Table {
  const ours = result.runs.find((r) => r.target === 'ours');
  const peer = result.runs.find((r) => r.target !== 'ours');
  const peerName = peer?.target ?? 'peer';
  const counts = [...new Set(result.runs.flatMap((r) => r.steps.map((s) => s.subscribers)))].sort((a, b) => a - b);
  const at = (run: TargetRun | undefined, n: number): StepResult | undefined => run?.steps.find((s) => s.subscribers === n);
  return {
    title: `Capacity (a): 1 publisher (VP8 ~${result.videoKbps} kbit/s + Opus 32 kbit/s) to N subscribers, ours beside ${peerName}`,
    columns: [
      { heading: 'N', align: 'right' },
      ...sideBySideColumns('µs/pkt', peerName),
      { heading: 'floor', align: 'right' },
      ...sideBySideColumns('loss %', peerName),
      ...sideBySideColumns('KiB/sub', peerName),
      ...sideBySideColumns('join p50 ms', peerName),
    ],
    rows: counts.map((n) => {
      const a = at(ours, n);
      const b = at(peer, n);
      return [
        String(n),
        ...sideBySideCells(a?.cpuUsPerPacket, b?.cpuUsPerPacket, 1),
        fixed(result.floor.totalUs, 1),
        ...sideBySideCells(a?.lossPercent, b?.lossPercent, 2),
        ...sideBySideCells(a?.memoryPerSubscriberKb, b?.memoryPerSubscriberKb, 0),
        ...sideBySideCells(a && percentile(a.joinMs, 50), b && percentile(b.joinMs, 50), 0),
      ];
    }),
    notes: [
      ...result.runs.map((r) => `${r.target}: saturation point (largest N with loss < 1 %) ${saturationPoint(r) ?? 'none'}; stopped because ${r.stopReason}`),
      ...(peer ? [] : ['no peer target ran in this run']),
      ...(result.runs.some((r) => r.target === 'janus') ? [janusNote(result.workers)] : []),
      'µs/pkt: the target\'s CPU (all its processes) per RTP packet the subscribers received; ratio is ours / peer (below 1: ours is cheaper)',
      `floor: ${floorNote(result.floor)}`,
    ],
  };
}

function detailTable(result: CapacityResult, run: TargetRun): Table {
  return {
    title: `Capacity (a), ${run.target}: every figure per step (${result.workers} ${run.target === 'janus' ? 'event loops' : 'media workers'})`,
    columns: [
      { heading: 'N', align: 'right' },
      { heading: 'join p50 ms', align: 'right' },
      { heading: 'p99', align: 'right' },
      { heading: 'keyframe p50 ms', align: 'right' },
      { heading: 'loss %', align: 'right' },
      { heading: 'silent', align: 'right' },
      { heading: 'drops tgt/gen', align: 'right' },
      { heading: 'jitter p99 ms', align: 'right' },
      { heading: 'fwd Mbit/s', align: 'right' },
      { heading: 'µs/pkt', align: 'right' },
      { heading: '%/Mbit/s', align: 'right' },
      { heading: 'media %', align: 'right' },
      { heading: 'control %', align: 'right' },
      { heading: 'generator %', align: 'right' },
      { heading: 'KiB/sub', align: 'right' },
      { heading: 'load avg', align: 'right' },
    ],
    rows: run.steps.map((s) => [
      String(s.subscribers) + (s.joinFailures > 0 ? ` (${s.joinFailures} failed)` : '') + (s.publisherLost ? ' (publisher lost)' : ''),
      fixed(percentile(s.joinMs, 50), 0),
      fixed(percentile(s.joinMs, 99), 0),
      fixed(percentile(s.keyframeMs, 50), 0),
      fixed(s.lossPercent, 2),
      String(s.silentSubscribers),
      `${s.targetUdpDrops}/${s.generatorUdpDrops}`,
      fixed(percentile(s.jitterMs, 99), 1),
      fixed(s.forwardedMbps, 1),
      fixed(s.cpuUsPerPacket, 1),
      fixed(s.cpuPercentPerMbps, 2),
      fixed(s.mediaCpuPercent, 0),
      fixed(s.controlCpuPercent, 0),
      fixed(s.generatorCpuPercent, 0),
      fixed(s.memoryPerSubscriberKb, 0),
      s.loadAverage.map((l) => fixed(l, 1)).join('-'),
    ]),
    notes: [
      `each step adds subscribers (${result.joinConcurrency} pulls in flight) to the ones already there, then measures a ${result.windowMs / 1000} s window; stopped because ${run.stopReason}`,
      'join: start of the pull -> target offer -> libdatachannel answer -> first RTP packet (of the subscribers added in that step)',
      "keyframe: ... -> first packet of a VP8 keyframe; the pre-encoded publisher cannot answer PLI, so this waits for the clip's next one (every 2 s)",
      'loss: sequence-number gaps over the window, all subscribers and both tracks; silent: subscribers with no packet in the window',
      "drops: UDP datagrams the kernel dropped in the window for a full receive buffer, at the target's sockets / at the generator's (/proc/net/udp)",
      'media: ours = mediasoup workers (/proc utime+stime), janus = the janus process; control: ours = the SFU\'s Node process; CPU % is of one core',
      'generator: this process (publishers + every subscriber PeerConnection, libdatachannel threads included), to see which side ran out',
      "KiB/sub: the target's RSS growth since before the first subscriber, / N",
    ],
  };
}

/** CPU per forwarded packet and loss against N, one line per target, with the floor drawn in. */
export function capacityCharts(result: CapacityResult): LineChart[] {
  return cpuAndLossCharts({
    name: 'capacity',
    title: 'One publisher to N subscribers',
    workers: result.workers,
    floorUs: result.floor.totalUs,
    xTitle: 'subscribers (N)',
    logX: true,
    runs: result.runs,
    size: (s) => s.subscribers,
  });
}

/** How the floor was measured and its parts, for a table's notes. */
export function floorNote(floor: SrtpFloor): string {
  const protect = floor.method === 'libsrtp2' ? 'libsrtp2, bench/floor/srtp-floor.c' : 'Node crypto standing in for libsrtp2, which overstates it';
  return `one SRTP protect of a 1,200-byte packet, AES_CM_128_HMAC_SHA1_80 (${protect}): ${fixed(floor.protectUs, 1)} µs, + one UDP send to loopback: ${fixed(floor.sendUs, 1)} µs`;
}

/** How Janus was set up, for the headline's notes. */
function janusNote(workers: number): string {
  return (
    `janus: the Debian package (VideoRoom plugin, HTTP API with long poll), event_loops = ${workers} (as many as our workers; ` +
    "Janus's default of a thread per handle took about twice the CPU per packet at N = 10-100); subscribers answer a=setup:passive (bench/targets/janus.ts)"
  );
}

/** Writes the result as JSON (bench/results/ is git-ignored). */
export function writeCapacityJson(path: string, result: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
