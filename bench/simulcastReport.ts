/** The simulcast bench's result (scenario d): what each phase measured, per layer, and its tables. */
import { sideBySideCells, sideBySideColumns } from './compare.js';
import type { FrameSize } from './load/media.js';
import type { SrtpFloor } from './load/srtpFloor.js';
import type { WindowResult } from './load/window.js';
import { percentile } from './stats.js';
import { fixed, type Table } from './table.js';

/** One layer the publisher sends. */
export interface LayerPlan {
  rid: string;
  size: FrameSize;
  /** The rate its clip was encoded at, kbit/s. */
  kbps: number;
}

/** One layer over one phase's window: who asked for it and what they got. */
export interface LayerWindow extends LayerPlan {
  /** RTP kbit/s the publisher sent on this layer during the window. */
  sentKbps: number;
  /** Subscribers that asked for this layer (pulled with it, or switched to it this phase). */
  subscribers: number;
  /** ... of which the latest keyframe by the window's end, and every one in it, had this layer's size. */
  onLayer: number;
  /** Keyframes of another layer's size those subscribers received in the window (a layer leaking). */
  wrongKeyframes: number;
  /** Per subscriber on the layer: RTP kbit/s received in the window. */
  receivedKbps: number[];
  lossPercent: number;
  /** Join phase: per subscriber, ms from the pull's start to its first RTP packet. */
  joinMs: number[];
  /**
   * Per subscriber on the layer: ms from the pull's start (join) or the switch request to the first
   * keyframe of the layer after which only that layer came, for those steady on it when the window began.
   */
  steadyMs: number[];
  /** Switch phases: per subscriber that switched to this layer, ms from the request to the new layer's first keyframe packet. */
  switchMs: number[];
  /** ... ms from the request to the target's answer (the rest of a switch is the SFU and the keyframe). */
  switchRequestMs: number[];
  /** Switches to this layer whose keyframe had not come when the wait ended. */
  switchesIncomplete: number;
}

/** One phase: the join (round 0) or a switch round, then one steady window. */
export interface PhaseResult extends WindowResult {
  target: string;
  /** 0: the subscribers as they joined; 1...: after that many switch rounds. */
  round: number;
  subscribers: number;
  /** Join or tracks/update requests that failed. */
  requestFailures: number;
  firstFailure: string | undefined;
  /** Target CPU per packet received, split: its media processes and its control process, µs. */
  mediaUsPerPacket: number;
  controlUsPerPacket: number;
  /** Keyframe requests (PLI/FIR) that reached the publisher during the phase, all layers. */
  keyframeRequests: number;
  layers: LayerWindow[];
}

/** One target's run: its phases, or why it was not measured. */
export interface SimulcastRun {
  target: string;
  /** Set when the target was not measured (no simulcast in its adapter). */
  skipped?: string;
  phases: PhaseResult[];
}

export interface SimulcastResult {
  scenario: string;
  measuredAt: string;
  workers: number;
  windowMs: number;
  subscribers: number;
  switchRounds: number;
  layers: LayerPlan[];
  floor: SrtpFloor;
  runs: SimulcastRun[];
}

const phaseName = (round: number): string => (round === 0 ? 'joined' : `switch ${round}`);
const allOf = (phase: PhaseResult, pick: (layer: LayerWindow) => number[]): number[] => phase.layers.flatMap(pick);

/** The headline table (ours beside the peer per phase) and one per-layer table per measured target. */
export function simulcastTables(result: SimulcastResult): Table[] {
  return [comparisonTable(result), ...result.runs.filter((r) => !r.skipped).map((run) => layerTable(result, run))];
}

function comparisonTable(result: SimulcastResult): Table {
  const ours = result.runs.find((r) => r.target === 'ours');
  const peer = result.runs.find((r) => r.target !== 'ours' && !r.skipped);
  const peerName = peer?.target ?? 'janus';
  const rounds = [...new Set(result.runs.flatMap((r) => r.phases.map((p) => p.round)))].sort((a, b) => a - b);
  const at = (run: SimulcastRun | undefined, round: number): PhaseResult | undefined => run?.phases.find((p) => p.round === round);
  const layers = result.layers.map((l) => `${l.rid} ${l.size.width}x${l.size.height} ~${l.kbps} kbit/s`).join(', ');
  return {
    title: `Simulcast (d): 1 publisher (VP8 in 3 layers: ${layers}) to ${result.subscribers} subscribers split across the layers, switching, ours beside ${peerName}`,
    columns: [
      { heading: 'phase', align: 'left' },
      ...sideBySideColumns('µs/pkt', peerName),
      { heading: 'media', align: 'right' },
      { heading: 'control', align: 'right' },
      { heading: 'floor', align: 'right' },
      ...sideBySideColumns('loss %', peerName),
      ...sideBySideColumns('switch p50 ms', peerName),
      ...sideBySideColumns('p99', peerName),
    ],
    rows: rounds.map((round) => {
      const a = at(ours, round);
      const b = at(peer, round);
      const switchAt = (p: PhaseResult | undefined, q: number): number | undefined => (p && round > 0 ? percentile(allOf(p, (l) => l.switchMs), q) : undefined);
      return [
        phaseName(round),
        ...sideBySideCells(a?.cpuUsPerPacket, b?.cpuUsPerPacket, 1),
        fixed(a?.mediaUsPerPacket ?? Number.NaN, 1),
        fixed(a?.controlUsPerPacket ?? Number.NaN, 1),
        fixed(result.floor.totalUs, 1),
        ...sideBySideCells(a?.lossPercent, b?.lossPercent, 2),
        ...sideBySideCells(switchAt(a, 50), switchAt(b, 50), 0),
        ...sideBySideCells(switchAt(a, 99), switchAt(b, 99), 0),
      ];
    }),
    notes: [
      ...result.runs.filter((r) => r.skipped).map((r) => `${r.target}: not measured for (d): ${r.skipped}`),
      ...(result.runs.some((r) => r.target !== 'ours') ? [] : [`${peerName}: not run (not among the targets asked for)`]),
      ...(peer?.target !== 'janus' ? [] : ['janus: VideoRoom takes the rid offer (sent with rid_order lmh: the layers are listed lowest first, substream 0 = q, 1 = h, 2 = f); a subscriber joins with its substream and switches with configure {streams: [{mid, substream}]} on its handle']),
      "µs/pkt: the target's CPU (all its processes) per RTP packet the subscribers received in the phase's window; media / control: ours' mediasoup workers / its Node process",
      `floor: one SRTP protect of a 1,200-byte packet (${fixed(result.floor.protectUs, 1)} µs) + one UDP send to loopback (${fixed(result.floor.sendUs, 1)} µs), as in capacity (a)`,
      'switch: every subscriber moves one layer up (the top one to the bottom) per round; from sending tracks/update (ours) or configure (janus) to the first packet of the new layer\'s keyframe at the subscriber',
      'the publisher answers PLI/FIR with a keyframe on that layer\'s next frame (like an encoder), so a switch waits for the SFU and one frame interval, not the clip\'s 2 s keyframe interval; Janus asks for one at every switch (its PLI/FIR count in its layer table)',
      'ours, seen here: a switch asked within ~0.3 s after the new layer\'s last keyframe completes only ~0.33 s after that keyframe, not at a new one, so in a round of 50 near-simultaneous switches the later requests wait for it (our producers space keyframe requests by 350 ms: keyFrameRequestDelay, for libwebrtc publishers)',
      'the publisher sends RTCP sender reports (mediasoup switches a consumer only between layers that have had one) and subscribers send transport-wide congestion feedback (mediasoup picks layers within its estimate of each subscriber, which starts at 600 kbit/s; Janus forwards the asked substream whatever its estimate)',
    ],
  };
}

function layerTable(result: SimulcastResult, run: SimulcastRun): Table {
  const rows = run.phases.flatMap((phase) =>
    phase.layers.map((l) => [
      phaseName(phase.round),
      `${l.rid} ${l.size.width}x${l.size.height}`,
      fixed(l.sentKbps, 0),
      String(l.subscribers),
      String(l.onLayer),
      String(l.wrongKeyframes),
      fixed(percentile(l.receivedKbps, 50), 0),
      l.receivedKbps.length > 0 ? `${fixed(Math.min(...l.receivedKbps), 0)}-${fixed(Math.max(...l.receivedKbps), 0)}` : '-',
      fixed(l.lossPercent, 2),
      fixed(percentile(l.joinMs, 50), 0),
      fixed(percentile(l.joinMs, 99), 0),
      fixed(percentile(l.steadyMs, 50), 0),
      phase.round > 0 ? `${fixed(percentile(l.switchMs, 50), 0)} / ${fixed(percentile(l.switchMs, 99), 0)}` : '-',
      phase.round > 0 ? fixed(percentile(l.switchRequestMs, 50), 0) : '-',
      String(l.switchesIncomplete),
    ]),
  );
  return {
    title: `Simulcast (d), ${run.target}: per layer and phase (${result.workers} media workers, ${result.windowMs / 1000} s windows)`,
    columns: [
      { heading: 'phase' },
      { heading: 'layer' },
      { heading: 'sent kbit/s', align: 'right' },
      { heading: 'subs', align: 'right' },
      { heading: 'on layer', align: 'right' },
      { heading: 'wrong kf', align: 'right' },
      { heading: 'recv kbit/s p50', align: 'right' },
      { heading: 'min-max', align: 'right' },
      { heading: 'loss %', align: 'right' },
      { heading: 'join p50 ms', align: 'right' },
      { heading: 'p99', align: 'right' },
      { heading: 'steady p50 ms', align: 'right' },
      { heading: 'switch p50 / p99 ms', align: 'right' },
      { heading: 'request p50', align: 'right' },
      { heading: 'not switched', align: 'right' },
    ],
    rows,
    notes: [
      'sent: RTP kbit/s the publisher sent on the layer; recv: RTP kbit/s per subscriber on it (the SFU adds its own header extensions, so a little above sent)',
      "on layer: subscribers whose latest keyframe, and every one in the window, had the layer's frame size (the SFU rewrites SSRCs; the VP8 keyframe header tells the layer); wrong kf: keyframes of another size in the window",
      "join: start of the pull -> target offer -> answer -> first RTP packet; switch: tracks/update (ours) or configure (janus) sent -> first packet of the new layer's keyframe; request: ... -> the target's answer",
      "arrival times are taken on this process's event loop (and fed back to the SFU's estimator as the packets' arrival): under load its delays count in every time here",
      "steady: from the pull's start or the switch request to the asked layer's keyframe after which no other layer came (the SFU's estimate starts at 600 kbit/s and ramps up)",
      `loss: sequence-number gaps over the window, per layer's subscribers; phases: ${run.phases.map((p) => `${phaseName(p.round)} ${p.requestFailures} failed requests, ${p.keyframeRequests} PLI/FIR at the publisher`).join('; ')}`,
      ...run.phases.flatMap((p) => (p.firstFailure ? [`${phaseName(p.round)}: first failure: ${p.firstFailure}`] : [])),
    ],
  };
}
