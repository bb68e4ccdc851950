/**
 * `npm run bench`: SDP translation, REST control plane, media fan-out, cluster mode and WebSocket
 * adapter egress and ingest latency, each printed as a table. `npm run bench -- fanout adapters` runs only those (by id).
 * Benchmarks only measure and print; nothing here passes or fails on timing.
 */
import { cpus } from 'node:os';
import { runAdaptersBench } from './adapters.js';
import { runClusterBench } from './cluster.js';
import { runControlPlaneBench } from './controlPlane.js';
import { runFanoutBench } from './fanout.js';
import { runIngestLatencyBench } from './ingestLatency.js';
import { runSdpBench } from './sdp.js';
import { formatTable, type Table } from './table.js';

/** The whole run must stay bounded; past this, something hangs and the run aborts. */
const deadlineMs = 420_000;

/** id (the command-line selector), printed name, and the run. */
const benches: [string, string, () => Table | Promise<Table>][] = [
  ['sdp', 'sdp', () => runSdpBench()],
  ['control', 'control plane', () => runControlPlaneBench({ iterations: 20, workers: 2 })],
  ['fanout', 'fan-out', () => runFanoutBench({ subscribers: [1, 4, 8], windowMs: 5_000, workers: 2 })],
  ['cluster', 'cluster', () => runClusterBench({ windowMs: 5_000, events: 50 })],
  ['adapters', 'adapters', () => runAdaptersBench({ adapters: [1, 2, 4], windowMs: 8_000, jpegFps: [1, 5] })],
  ['ingest', 'ingest latency', () => runIngestLatencyBench({ trials: 10 })],
];

async function main(): Promise<void> {
  const selected = process.argv.slice(2);
  const unknown = selected.filter((id) => !benches.some(([known]) => known === id));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; the ids are ${benches.map(([id]) => id).join(', ')}`);
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${deadlineMs / 1000} s, aborting`);
    process.exit(1);
  }, deadlineMs);
  watchdog.unref();

  console.log(`open-realtime-sfu benchmarks, ${startedAt.toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}\n`);

  for (const [id, name, run] of benches) {
    if (selected.length > 0 && !selected.includes(id)) continue;
    const started = performance.now();
    const table = await run();
    console.log(formatTable(table));
    console.log(`  (${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  console.log(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s`);
}

// wrtc keeps native handles alive after every peer is closed, so the run ends explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
