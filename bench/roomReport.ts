/**
 * Results and tables of the room scenarios, where every subscriber pulls many streams: (b) a
 * meeting of M participants and (c) a large audio room. One headline table puts ours beside the
 * peer per size; one detail table per target shows every figure of every step.
 */
import { floorNote } from './capacityReport.js';
import { cpuAndLossCharts, type LineChart } from './charts.js';
import { sideBySideCells, sideBySideColumns } from './compare.js';
import type { SrtpFloor } from './load/srtpFloor.js';
import { saturationPoint, type MeasuredStep } from './load/steps.js';
import { percentile } from './stats.js';
import { fixed, type Table } from './table.js';

/** One size of a room scenario on one target, measured over one window. */
export interface RoomStep extends MeasuredStep {
  /** The target's name ("ours", "janus"). */
  target: string;
  /** The scenario's size: participants (meeting) or subscribers (audio room). */
  size: number;
  /** Streams the subscribers pulled, and those that received packets during the window. */
  expectedStreams: number;
  liveStreams: number;
  /** The first failed join's error, shortened. */
  firstFailure: string | undefined;
  /** Per subscriber added in this step: ms from starting its pull to its first RTP packet. */
  joinMs: number[];
  /** Subscribers added in this step that had no packet by the window's end. */
  noMediaAfterJoin: number;
  /** The target's RSS growth over the step's baseline, per unit (`RoomResult.memoryUnit`), KiB. */
  memoryPerUnitKb: number;
}

/** One target's run of a room scenario: its steps and why it stopped. */
export interface RoomRun {
  target: string;
  stopReason: string;
  steps: RoomStep[];
}

export interface RoomResult {
  /** Short name for titles: "Meeting (b)". */
  name: string;
  scenario: string;
  measuredAt: string;
  /** What `RoomStep.size` counts, as headings print it ("M", "subscribers"). */
  sizeName: string;
  /** What memory is divided by ("participant", "stream"). */
  memoryUnit: string;
  workers: number;
  /** VP8 rate of the publishers' clip, kbit/s (undefined: audio only). */
  videoKbps: number | undefined;
  windowMs: number;
  joinConcurrency: number;
  floor: SrtpFloor;
  runs: RoomRun[];
}

/** How a scenario labels its tables: titles and the notes on its method. */
export interface RoomLabels {
  /** "Meeting (b): M participants, each ...". */
  title: string;
  /** Lines on how a step is built, printed under the detail tables. */
  method: string[];
}

/** The headline table (ours beside the peer per size) and one detail table per target. */
export function roomTables(result: RoomResult, labels: RoomLabels): Table[] {
  return [comparisonTable(result, labels), ...result.runs.map((run) => detailTable(result, labels, run))];
}

function comparisonTable(result: RoomResult, labels: RoomLabels): Table {
  const ours = result.runs.find((r) => r.target === 'ours');
  const peer = result.runs.find((r) => r.target !== 'ours');
  const peerName = peer?.target ?? 'peer';
  const sizes = [...new Set(result.runs.flatMap((r) => r.steps.map((s) => s.size)))].sort((a, b) => a - b);
  const at = (run: RoomRun | undefined, size: number): RoomStep | undefined => run?.steps.find((s) => s.size === size);
  const unit = result.memoryUnit === 'participant' ? 'part.' : result.memoryUnit;
  return {
    title: `${labels.title}, ours beside ${peerName}`,
    columns: [
      { heading: result.sizeName, align: 'right' },
      { heading: 'streams', align: 'right' },
      ...sideBySideColumns('µs/pkt', peerName),
      { heading: 'floor', align: 'right' },
      ...sideBySideColumns('loss %', peerName),
      ...sideBySideColumns(`KiB/${unit}`, peerName),
      ...sideBySideColumns('join p50 ms', peerName),
    ],
    rows: sizes.map((size) => {
      const a = at(ours, size);
      const b = at(peer, size);
      return [
        String(size),
        String((a ?? b)?.expectedStreams ?? '-'),
        ...sideBySideCells(a?.cpuUsPerPacket, b?.cpuUsPerPacket, 1),
        fixed(result.floor.totalUs, 1),
        ...sideBySideCells(a?.lossPercent, b?.lossPercent, 2),
        ...sideBySideCells(a?.memoryPerUnitKb, b?.memoryPerUnitKb, 0),
        ...sideBySideCells(a && percentile(a.joinMs, 50), b && percentile(b.joinMs, 50), 0),
      ];
    }),
    notes: [
      ...result.runs.map(
        (r) =>
          `${r.target}: saturation point (largest ${result.sizeName} with loss < 1 %) ${saturationPoint(r.steps, (s) => s.size) ?? 'none'}; stopped because ${r.stopReason}`,
      ),
      ...(peer ? [] : ['no peer target ran in this run']),
      "µs/pkt: the target's CPU (all its processes) per RTP packet the subscribers received; ratio is ours / peer (below 1: ours is cheaper)",
      `floor: ${floorNote(result.floor)}`,
      `KiB/${unit}: the target's RSS growth during the step, / ${result.memoryUnit}s; it is all processes' RSS, so a heap that grows or shrinks by some MB (ours: the Node process's) can outweigh small steps, even below 0`,
    ],
  };
}

function detailTable(result: RoomResult, labels: RoomLabels, run: RoomRun): Table {
  const unit = result.memoryUnit === 'participant' ? 'part.' : result.memoryUnit;
  return {
    title: `${result.name}, ${run.target}: every figure per step (${result.workers} media workers)`,
    columns: [
      { heading: result.sizeName, align: 'right' },
      { heading: 'streams live', align: 'right' },
      { heading: 'join p50 ms', align: 'right' },
      { heading: 'p99', align: 'right' },
      { heading: 'loss %', align: 'right' },
      { heading: 'silent', align: 'right' },
      { heading: 'rcvbuf drops', align: 'right' },
      { heading: 'jitter p99 ms', align: 'right' },
      { heading: 'fwd Mbit/s', align: 'right' },
      { heading: 'media µs/pkt', align: 'right' },
      { heading: 'control µs/pkt', align: 'right' },
      { heading: 'media %', align: 'right' },
      { heading: 'control %', align: 'right' },
      { heading: 'generator %', align: 'right' },
      { heading: `KiB/${unit}`, align: 'right' },
      { heading: 'load avg', align: 'right' },
    ],
    rows: run.steps.map((s) => [
      String(s.size) + (s.joinFailures > 0 ? ` (${s.joinFailures} failed)` : '') + (s.publisherLost ? ' (publisher lost)' : ''),
      `${s.liveStreams}/${s.expectedStreams}`,
      fixed(percentile(s.joinMs, 50), 0),
      fixed(percentile(s.joinMs, 99), 0),
      fixed(s.lossPercent, 2),
      String(s.silentSubscribers),
      String(s.udpReceiveBufferDrops),
      fixed(percentile(s.jitterMs, 99), 1),
      fixed(s.forwardedMbps, 1),
      fixed(s.mediaUsPerPacket, 1),
      fixed(s.controlUsPerPacket, 1),
      fixed(s.mediaCpuPercent, 0),
      fixed(s.controlCpuPercent, 0),
      fixed(s.generatorCpuPercent, 0),
      fixed(s.memoryPerUnitKb, 0),
      s.loadAverage.map((l) => fixed(l, 1)).join('-'),
    ]),
    notes: [
      ...labels.method,
      `each step measures a ${result.windowMs / 1000} s window once every pulled stream has delivered (or 15 s passed) and 1 s more; stopped because ${run.stopReason}`,
      'streams live: pulled streams that received packets during the window / streams pulled',
      'join: start of a subscriber\'s pull -> target offer -> libdatachannel answer -> its first RTP packet, any stream',
      'loss: sequence-number gaps over the window, every stream; silent: subscribers with no packet in the window',
      'rcvbuf drops: UDP datagrams the kernel dropped on full socket receive buffers during the window, machine-wide (Udp RcvbufErrors)',
      "media: ours = mediasoup workers (/proc utime+stime), janus = the janus process; control: ours = the SFU's Node process, janus = 0; CPU % is of one core",
      'generator: this process (every publisher and subscriber PeerConnection, libdatachannel threads included), to see which side ran out',
    ],
  };
}

/** CPU per forwarded packet and loss against the size, one line per target, with the floor drawn in; files `<id>-*.svg`. */
export function roomCharts(result: RoomResult, id: string): LineChart[] {
  return cpuAndLossCharts({ name: id, title: result.name, workers: result.workers, floorUs: result.floor.totalUs, xTitle: result.sizeName, runs: result.runs, size: (s) => s.size });
}
