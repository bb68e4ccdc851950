/**
 * `npm run bench`: SDP translation, REST control plane, media fan-out, cluster mode, WebSocket
 * adapter egress and ingest latency, and capacity (ours beside Janus), each printed as a table. `npm run bench -- fanout adapters`
 * runs only those (by id); `--quick` runs each at its smallest size (a smoke run, not a measurement).
 * Benchmarks only measure and print; nothing here passes or fails on timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAdaptersBench } from './adapters.js';
import { runCapacityBench } from './capacity.js';
import { writeCapacityJson, type StepResult } from './capacityReport.js';
import { runClusterBench } from './cluster.js';
import { runControlPlaneBench } from './controlPlane.js';
import { runFanoutBench } from './fanout.js';
import { runIngestLatencyBench } from './ingestLatency.js';
import { runSdpBench } from './sdp.js';
import { fixed, formatTable, type Table } from './table.js';

/** The whole run must stay bounded; past this, something hangs and the run aborts (capacity runs ours, then Janus, each up to ~7 min). */
const deadlineMs = 1_800_000;
/** Where the capacity bench writes its raw result (git-ignored). */
const capacityJson = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** id (the command-line selector), printed name, and the run, full or `--quick` (smallest sizes). */
const benches: [string, string, (quick: boolean) => Table | Table[] | Promise<Table | Table[]>][] = [
  ['sdp', 'sdp', (quick) => runSdpBench(quick ? { warmupMs: 50, measureMs: 200 } : {})],
  ['control', 'control plane', (quick) => runControlPlaneBench({ iterations: quick ? 5 : 20, warmup: quick ? 1 : 3, workers: 2 })],
  ['fanout', 'fan-out', (quick) => runFanoutBench({ subscribers: quick ? [1] : [1, 4, 8], windowMs: quick ? 2_000 : 5_000, workers: 2 })],
  ['cluster', 'cluster', (quick) => runClusterBench({ windowMs: quick ? 2_000 : 5_000, events: quick ? 10 : 50 })],
  [
    'adapters',
    'adapters',
    (quick) =>
      runAdaptersBench(
        quick
          ? { adapters: [1], windowMs: 2_000, jpegFps: [1], largeCamera: { width: 640, height: 480, adapters: [1] } }
          : { adapters: [1, 2, 4], windowMs: 8_000, jpegFps: [1, 5] },
      ),
  ],
  ['ingest', 'ingest latency', (quick) => runIngestLatencyBench({ trials: quick ? 3 : 10 })],
  [
    'capacity',
    'capacity',
    async (quick) => {
      // Each step is written as it is measured, so a run cut short still leaves its steps behind.
      const steps: StepResult[] = [];
      mkdirSync(dirname(capacityJson), { recursive: true });
      const progress = (step: StepResult): void => {
        steps.push(step);
        writeFileSync(capacityJson.replace(/\.json$/, '.partial.json'), `${JSON.stringify({ partial: true, steps }, null, 2)}\n`);
        const failed = step.joinFailures > 0 ? `, ${step.joinFailures} joins failed (${step.firstFailure})` : '';
        console.error(`  capacity ${step.target}: N = ${step.subscribers}, loss ${fixed(step.lossPercent, 2)} %, generator CPU ${fixed(step.generatorCpuPercent, 0)} %${failed}`);
      };
      const { tables, result } = await runCapacityBench({ ...(quick ? { subscribers: [1, 10], windowMs: 3_000 } : {}), onStep: progress });
      writeCapacityJson(capacityJson, result);
      const [headline, ...details] = tables;
      return [{ ...headline!, notes: [...(headline!.notes ?? []), `raw result: ${capacityJson}`] }, ...details];
    },
  ],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const selected = args.filter((arg) => arg !== '--quick');
  const unknown = selected.filter((id) => !benches.some(([known]) => known === id));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; the ids are ${benches.map(([id]) => id).join(', ')}`);
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${deadlineMs / 1000} s, aborting`);
    process.exit(1);
  }, deadlineMs);
  watchdog.unref();

  console.log(`open-realtime-sfu benchmarks${quick ? ' (--quick: smallest sizes, not a measurement)' : ''}, ${startedAt.toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}\n`);

  for (const [id, name, run] of benches) {
    if (selected.length > 0 && !selected.includes(id)) continue;
    const started = performance.now();
    const tables = await run(quick);
    for (const table of Array.isArray(tables) ? tables : [tables]) console.log(`${formatTable(table)}\n`);
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
