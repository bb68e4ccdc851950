/**
 * `npm run bench`: SDP translation, REST control plane and media fan-out, each printed as a table.
 * Benchmarks only measure and print; nothing here passes or fails on timing.
 */
import { cpus } from 'node:os';
import { runClusterBench } from './cluster.js';
import { runControlPlaneBench } from './controlPlane.js';
import { runFanoutBench } from './fanout.js';
import { runSdpBench } from './sdp.js';
import { formatTable, type Table } from './table.js';

/** The whole run must stay bounded; past this, something hangs and the run aborts. */
const deadlineMs = 260_000;

async function main(): Promise<void> {
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${deadlineMs / 1000} s, aborting`);
    process.exit(1);
  }, deadlineMs);
  watchdog.unref();

  console.log(`open-realtime-sfu benchmarks, ${startedAt.toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}\n`);

  const benches: [string, () => Table | Promise<Table>][] = [
    ['sdp', () => runSdpBench()],
    ['control plane', () => runControlPlaneBench({ iterations: 20, workers: 2 })],
    ['fan-out', () => runFanoutBench({ subscribers: [1, 4, 8], windowMs: 5_000, workers: 2 })],
    ['cluster', () => runClusterBench({ windowMs: 5_000, events: 50 })],
  ];
  for (const [name, run] of benches) {
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
