/**
 * `npm run bench`: SDP translation, control plane (ours beside raw mediasoup), GraphQL event fan-out,
 * media fan-out, cluster mode, WebSocket adapter egress and ingest latency, capacity, meeting,
 * audio room and simulcast, each printed as tables. `npm run bench -- fanout adapters` runs only those (by id);
 * `--quick` runs each at its smallest size (a smoke run, not a measurement).
 * Benchmarks only measure and print; nothing here passes or fails on timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAdaptersBench } from './adapters.js';
import { runAudioRoomBench } from './audioRoom.js';
import { runCapacityBench } from './capacity.js';
import { capacityCharts, writeCapacityJson, type StepResult } from './capacityReport.js';
import { writeCharts } from './charts.js';
import { runClusterBench } from './cluster.js';
import { runControlPlaneBench } from './controlPlane.js';
import { writeResultJson } from './summary.js';
import { runFanoutBench } from './fanout.js';
import { runGraphqlFanoutBench } from './graphqlFanout.js';
import { runIngestLatencyBench } from './ingestLatency.js';
import { runMeetingBench } from './meeting.js';
import { roomCharts, type RoomResult, type RoomStep } from './roomReport.js';
import { runSdpBench } from './sdp.js';
import { runSimulcastBench } from './simulcast.js';
import { fixed, formatTable, type Table } from './table.js';

/**
 * The whole run must stay bounded; past this, something hangs and the run aborts. A full run takes
 * about 40 min (capacity alone up to 5 min per target); a quick one must stay under 3 min.
 */
const deadlineMs = (quick: boolean): number => (quick ? 300_000 : 3_600_000);
/** Where the capacity bench writes its raw result (git-ignored). */
const capacityJson = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/** A full run's charts are committed with the docs; a quick run's go beside the raw results. */
const chartDir = (quick: boolean): string => fileURLToPath(new URL(quick ? './results/charts/' : '../docs/charts/', import.meta.url));
/** Where the bench `id` writes its raw result (git-ignored). */
const resultJson = (id: string): string => fileURLToPath(new URL(`./results/${id}.json`, import.meta.url));

/** Runs a room scenario (meeting, audio room), printing each step as it is measured, and writes its result. */
async function roomBench(
  id: string,
  quick: boolean,
  run: (onStep: (step: RoomStep) => void) => Promise<{ tables: Table[]; result: RoomResult }>,
): Promise<Table[]> {
  const { tables, result } = await run((step) => {
    const failed = step.joinFailures > 0 ? `, ${step.joinFailures} joins failed (${step.firstFailure})` : '';
    console.error(
      `  ${id} ${step.target}: ${step.size}, ${step.liveStreams}/${step.expectedStreams} streams, loss ${fixed(step.lossPercent, 2)} %, generator CPU ${fixed(step.generatorCpuPercent, 0)} %${failed}`,
    );
  });
  writeCapacityJson(resultJson(id), result);
  const charts = await writeCharts(chartDir(quick), roomCharts(result, id));
  const [headline, ...details] = tables;
  return [{ ...headline!, notes: [...(headline!.notes ?? []), `raw result: ${resultJson(id)}`, `charts: ${charts.join(', ')}`] }, ...details];
}

/** id (the command-line selector), printed name, and the run, full or `--quick` (smallest sizes). */
const benches: [string, string, (quick: boolean) => Table | Table[] | Promise<Table | Table[]>][] = [
  ['sdp', 'sdp', (quick) => runSdpBench(quick ? { warmupMs: 50, measureMs: 200 } : {})],
  [
    'control',
    'control plane',
    async (quick) => {
      const { table, result } = await runControlPlaneBench(quick ? { concurrency: [1, 10], minOperations: 20, operationsPerClient: 2, warmup: 2, idleMs: 1_000 } : {});
      writeResultJson(resultJson('control'), result);
      return { ...table, notes: [...(table.notes ?? []), `raw result: ${resultJson('control')}`] };
    },
  ],
  [
    'graphql',
    'GraphQL fan-out',
    async (quick) => {
      const { table, result } = await runGraphqlFanoutBench(quick ? { wsSubscribers: 50, sseSubscribers: 10, joinsAtOnce: [1, 3], rounds: 2 } : {});
      writeResultJson(resultJson('graphql'), result);
      return { ...table, notes: [...(table.notes ?? []), `raw result: ${resultJson('graphql')}`] };
    },
  ],
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
      const charts = await writeCharts(chartDir(quick), capacityCharts(result));
      const [headline, ...details] = tables;
      return [{ ...headline!, notes: [...(headline!.notes ?? []), `raw result: ${capacityJson}`, `charts: ${charts.join(', ')}`] }, ...details];
    },
  ],
  [
    'meeting',
    'meeting',
    (quick) => roomBench('meeting', quick, (onStep) => runMeetingBench({ ...(quick ? { participants: [4], windowMs: 2_000 } : {}), onStep })),
  ],
  [
    'audio-room',
    'audio room',
    (quick) => roomBench('audio-room', quick, (onStep) => runAudioRoomBench({ ...(quick ? { subscribers: [5], windowMs: 2_000 } : {}), onStep })),
  ],
  [
    'simulcast',
    'simulcast',
    async (quick) => {
      const { tables, result } = await runSimulcastBench(quick ? { subscribers: 6, switchRounds: 1, windowMs: 1_500 } : {});
      writeCapacityJson(resultJson('simulcast'), result);
      const [headline, ...details] = tables;
      return [{ ...headline!, notes: [...(headline!.notes ?? []), `raw result: ${resultJson('simulcast')}`] }, ...details];
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
    console.error(`bench: still running after ${deadlineMs(quick) / 1000} s, aborting`);
    process.exit(1);
  }, deadlineMs(quick));
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
