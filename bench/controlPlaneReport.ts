/** The control-plane bench's result: one batch per operation and concurrency, ours beside raw mediasoup; its table. */
import type { LatencySummary } from './summary.js';
import { fixed, type Table } from './table.js';

/**
 * What a client does, each as one timed unit: `sessions/new` alone; `publish` = sessions/new +
 * tracks/new with a client offer (video + audio); `pull` = sessions/new + tracks/new of two remote
 * tracks (SFU offer) + renegotiate with the client's answer.
 */
export type ControlOperation = 'sessions/new' | 'publish' | 'pull';

/** One system's batch: `operations` run with `concurrency` in flight. */
export interface SideResult {
  operations: number;
  failures: number;
  firstFailure: string | undefined;
  opsPerSecond: number;
  latencyMs: LatencySummary;
  /** CPU of the process driving mediasoup (our SFU's Node process; the raw child) per operation, ms. */
  nodeCpuMsPerOp: number;
  /** CPU of its mediasoup workers per operation, ms (ours: less the idle rate the publisher's media costs). */
  workersCpuMsPerOp: number;
  /** Ours only: the REST clients' process (this one) per operation, ms. */
  clientCpuMsPerOp?: number;
  /** Ours only: each HTTP call of the operation, in order. */
  callsMs?: Record<string, LatencySummary>;
}

export interface PhaseResult {
  operation: ControlOperation;
  concurrency: number;
  ours: SideResult;
  raw: SideResult;
}

export interface ControlPlaneResult {
  scenario: string;
  measuredAt: string;
  workers: number;
  /** Untimed operations before each batch. */
  warmup: number;
  /** Our SFU at rest with the load publisher sending (subtracted from our workers' CPU), % of one core. */
  oursIdle: { nodeCpuPercent: number; workersCpuPercent: number };
  phases: PhaseResult[];
}

const ratio = (ours: number, raw: number): string => fixed(ours / raw, 1);

export function controlPlaneTable(result: ControlPlaneResult): Table {
  return {
    title: `Control plane (f): ours (REST on loopback, SFU with ${result.workers} workers in its own process) vs raw mediasoup (same workers, direct calls, own process)`,
    columns: [
      { heading: 'C', align: 'right' },
      { heading: 'operation' },
      { heading: 'n', align: 'right' },
      { heading: 'ours op/s', align: 'right' },
      { heading: 'raw op/s', align: 'right' },
      { heading: 'x', align: 'right' },
      { heading: 'ours p50 ms', align: 'right' },
      { heading: 'raw p50', align: 'right' },
      { heading: 'x', align: 'right' },
      { heading: 'ours p99 ms', align: 'right' },
      { heading: 'raw p99', align: 'right' },
      { heading: 'x', align: 'right' },
      { heading: 'ours node ms/op', align: 'right' },
      { heading: 'ours wrk', align: 'right' },
      { heading: 'raw node', align: 'right' },
      { heading: 'raw wrk', align: 'right' },
      { heading: 'CPU x', align: 'right' },
      { heading: 'client ms/op', align: 'right' },
      { heading: 'ours calls p50 ms' },
    ],
    rows: result.phases.map(({ operation, concurrency, ours, raw }) => [
      String(concurrency),
      operation,
      String(ours.operations) + (ours.failures + raw.failures > 0 ? ` (${ours.failures}/${raw.failures} failed)` : ''),
      fixed(ours.opsPerSecond, 0),
      fixed(raw.opsPerSecond, 0),
      ratio(raw.opsPerSecond, ours.opsPerSecond),
      fixed(ours.latencyMs.p50, 2),
      fixed(raw.latencyMs.p50, 2),
      ratio(ours.latencyMs.p50, raw.latencyMs.p50),
      fixed(ours.latencyMs.p99, 2),
      fixed(raw.latencyMs.p99, 2),
      ratio(ours.latencyMs.p99, raw.latencyMs.p99),
      fixed(ours.nodeCpuMsPerOp, 2),
      fixed(ours.workersCpuMsPerOp, 2),
      fixed(raw.nodeCpuMsPerOp, 2),
      fixed(raw.workersCpuMsPerOp, 2),
      ratio(ours.nodeCpuMsPerOp + ours.workersCpuMsPerOp, raw.nodeCpuMsPerOp + raw.workersCpuMsPerOp),
      fixed(ours.clientCpuMsPerOp ?? Number.NaN, 2),
      Object.values(ours.callsMs ?? {})
        .map((call) => fixed(call.p50, 1))
        .join(' + '),
    ]),
    notes: [
      'peer: raw mediasoup (Janus is measured by the capacity tables, not here); x = ours / raw (time, latency or CPU per operation; for op/s raw / ours): the target is <= 1.2',
      'publish = sessions/new + tracks/new (client offer: VP8 + Opus sendonly); raw: createWebRtcTransport + connect + produce x2',
      'pull = sessions/new + tracks/new (2 remote tracks of a live load publisher, SFU offer) + renegotiate (client answer); raw: createWebRtcTransport + consume x2 (paused) + connect + resume x2',
      'sessions/new: raw createWebRtcTransport; "ours calls p50" splits our operation into its HTTP calls',
      'the SDP is captured once from libdatachannel peers (publisher offer, subscriber answer) and resent: no client SDP work in the loop; raw derives its RTP and DTLS parameters from the same SDP through src/sdp once',
      `C lanes each start their next operation when one ends; ${result.warmup} untimed operations before each batch; what a batch created is closed after it, outside its CPU window`,
      `CPU ms/op: SFU Node process (process.cpuUsage) and workers (/proc schedstat, ns) over the batch / operations; our workers less their idle rate with the publisher sending (${fixed(result.oursIdle.workersCpuPercent, 1)} % of a core; Node at rest ${fixed(result.oursIdle.nodeCpuPercent, 1)} %)`,
      'client: this process (fetch, JSON) per operation; raw has no client (its driving code is its Node CPU). Shared, noisy 2-core machine: read ratios, not absolutes',
    ],
  };
}
