/**
 * What WebSocket adapter egress costs: N adapters (PCM; JPEG at 1 and 5 fps from a 320x240 camera,
 * at 1 fps from a 640x480 one) on one published track, next to the same SFU and publisher with
 * none. Per point: the time from adapters/websocket/new to each adapter's first packet, then over a
 * window the CPU of the adapters' ffmpeg processes, the mediasoup worker and the SFU's Node
 * process, the SFU running in a process of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { decodePacket } from '../src/service/adapters/packet.js';
import { CallsClient } from '../test/helpers/callsClient.js';
import { jpegSize } from '../test/helpers/jpeg.js';
import { testApps } from '../test/helpers/sfu.js';
import { publishTextured, type Publisher } from './fanout.js';
import { processCpuMs, usageMs } from './load/cpu.js';
import { SfuProcess } from './sfuProcess.js';
import { mean, nowMs, percentile, sleep } from './stats.js';
import { fixed, type Table } from './table.js';

export interface AdaptersBenchOptions {
  /** Adapter counts on the one track, one point each per output. @default [1, 2, 4] */
  adapters?: number[];
  /** Steady-state window per point, after every adapter's first packet. @default 8000 */
  windowMs?: number;
  /** The JPEG rates to compare; each needs an SFU of its own (the rate is server config). @default [1, 5] */
  jpegFps?: number[];
  /** A bigger camera for JPEG at the first rate (ffmpeg decodes every frame, whatever the output rate). @default 640x480 */
  largeCamera?: { width: number; height: number; adapters: number[] };
}

interface Camera {
  width: number;
  height: number;
}

type Output = { codec: 'pcm' } | { codec: 'jpeg'; fps: number };

/** A loopback WebSocket server standing in for the customer's endpoint: counts what one adapter sends. */
interface CountingEndpoint {
  url: string;
  /** performance.now() of the first packet. */
  firstAt: number | undefined;
  packets: number;
  payloadBytes: number;
  /** The latest payload (a JPEG's size is read from it). */
  last: Uint8Array | undefined;
  close(): void;
}

async function countingEndpoint(): Promise<CountingEndpoint> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const endpoint: CountingEndpoint = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/bench`,
    firstAt: undefined,
    packets: 0,
    payloadBytes: 0,
    last: undefined,
    close: () => {
      for (const socket of server.clients) socket.terminate();
      server.close();
    },
  };
  server.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => {
      endpoint.firstAt ??= nowMs();
      endpoint.packets++;
      endpoint.last = decodePacket(new Uint8Array(data)).payload;
      endpoint.payloadBytes += endpoint.last.length;
    }),
  );
  return endpoint;
}

/** The ffmpeg children of a process (the adapters' decoders), from /proc (every thread's children). */
function ffmpegChildren(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'ffmpeg';
    } catch {
      return false;
    }
  });
}

interface CpuWindow {
  wallMs: number;
  ffmpegMs: number;
  workerMs: number;
  sfuNodeMs: number;
}

/** CPU of the SFU process, its workers and the given ffmpeg processes over `windowMs`. */
async function measureCpu(sfu: SfuProcess, ffmpegPids: number[], windowMs: number): Promise<CpuWindow> {
  const snapshot = async () => ({
    atMs: nowMs(),
    ffmpegMs: ffmpegPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    workerMs: sfu.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    sfuNodeMs: usageMs(await sfu.cpuUsage()),
  });
  const before = await snapshot();
  await sleep(windowMs);
  const after = await snapshot();
  return { wallMs: after.atMs - before.atMs, ffmpegMs: after.ffmpegMs - before.ffmpegMs, workerMs: after.workerMs - before.workerMs, sfuNodeMs: after.sfuNodeMs - before.sfuNodeMs };
}

interface PointResult {
  label: string;
  /** The source video's size, and JPEG images' (from their SOF segment). */
  camera: string;
  image: string;
  adapters: number;
  /** The adapters/websocket/new round trip (all N in one request). */
  newMs: number;
  /** From sending adapters/websocket/new to each adapter's first packet at its endpoint. */
  firstPacketMs: number[];
  packetsPerSecond: number[];
  payloadBytes: number;
  packets: number;
  cpu: CpuWindow;
  /** The same SFU and publisher with no adapter. */
  baseline: CpuWindow;
}

interface Source {
  sessionId: string;
  trackName: string;
}

/** Adapters opened in one adapters/websocket/new, each to an endpoint of its own. */
interface OpenAdapters {
  endpoints: CountingEndpoint[];
  /** nowMs() when the request was sent. */
  sentAt: number;
  /** Its round trip. */
  newMs: number;
  /** Closes the adapters (one close request) and the endpoints. */
  close(): Promise<void>;
}

async function openAdapters(client: CallsClient, items: { source: Source; codec: Output['codec'] }[]): Promise<OpenAdapters> {
  const endpoints = await Promise.all(items.map(() => countingEndpoint()));
  const adapterIds: string[] = [];
  const close = async (): Promise<void> => {
    if (adapterIds.length > 0) await client.call('POST', '/adapters/websocket/close', { tracks: adapterIds.splice(0).map((adapterId) => ({ adapterId })) });
    for (const e of endpoints) e.close();
  };
  try {
    const sentAt = nowMs();
    const created = await client.call<{ tracks: { adapterId?: string; errorCode?: string; errorDescription?: string }[] }>('POST', '/adapters/websocket/new', {
      tracks: items.map(({ source, codec }, i) => ({ location: 'remote', ...source, endpoint: endpoints[i]!.url, outputCodec: codec })),
    });
    const newMs = nowMs() - sentAt;
    adapterIds.push(...created.body.tracks.flatMap((t) => (t.adapterId ? [t.adapterId] : [])));
    if (created.status !== 200 || adapterIds.length !== items.length) throw new Error(`adapters/websocket/new: ${created.status} ${JSON.stringify(created.body)}`);
    return { endpoints, sentAt, newMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens `count` adapters on the track in one request, waits for every first packet, settles, measures, closes them. */
async function measurePoint(run: PublishedSfu, source: Source, output: Output, count: number, windowMs: number): Promise<PointResult> {
  const opened = await openAdapters(run.client, Array.from({ length: count }, () => ({ source, codec: output.codec })));
  const { endpoints, sentAt } = opened;
  try {
    // 2 ms polling: first-packet times are known to within that.
    while (endpoints.some((e) => e.firstAt === undefined)) {
      if (nowMs() > sentAt + 15_000) throw new Error(`not every ${output.codec} adapter sent a packet within 15 s`);
      await sleep(2);
    }
    const firstPacketMs = endpoints.map((e) => e.firstAt! - sentAt);
    // Past ffmpeg's start-up (probing, first keyframe decode) before the window opens.
    await sleep(1_000);
    const pids = ffmpegChildren(run.sfu.pid);
    if (pids.length !== count) throw new Error(`expected ${count} ffmpeg children of the SFU, found ${pids.length}`);
    const packetsBefore = endpoints.map((e) => e.packets);
    const bytesBefore = endpoints.reduce((sum, e) => sum + e.payloadBytes, 0);
    const cpu = await measureCpu(run.sfu, pids, windowMs);
    const packets = endpoints.map((e, i) => e.packets - packetsBefore[i]!);
    const image = output.codec === 'jpeg' && endpoints[0]?.last ? jpegSize(endpoints[0].last) : undefined;
    return {
      label: output.codec === 'pcm' ? 'PCM' : `JPEG ${output.fps} fps`,
      camera: `${run.camera.width}x${run.camera.height}`,
      image: image ? `${image.width}x${image.height}` : '',
      adapters: count,
      newMs: opened.newMs,
      firstPacketMs,
      packetsPerSecond: packets.map((n) => (n * 1000) / cpu.wallMs),
      payloadBytes: endpoints.reduce((sum, e) => sum + e.payloadBytes, 0) - bytesBefore,
      packets: packets.reduce((a, b) => a + b, 0),
      cpu,
      baseline: run.baseline,
    };
  } finally {
    await opened.close();
  }
}

interface PublishedSfu {
  client: CallsClient;
  sfu: SfuProcess;
  camera: Camera;
  tracks: { audio: Source; video: Source };
  /** CPU with the publisher alone, no adapter. */
  baseline: CpuWindow;
}

/**
 * One SFU process (1 worker, JPEG adapters at `jpegFps`) with the textured publisher; measures the
 * baseline, then runs `points` against it.
 */
async function withPublishedSfu(jpegFps: number, camera: Camera, windowMs: number, points: (run: PublishedSfu) => Promise<PointResult[]>): Promise<PointResult[]> {
  const sfu = await SfuProcess.start(1, { limits: { adapterJpegFps: jpegFps } });
  let publisher: Publisher | undefined;
  try {
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publishTextured(client, camera);
    const { sessionId } = publisher;
    const tracks = { audio: { sessionId, trackName: publisher.audioTrackName }, video: { sessionId, trackName: publisher.videoTrackName } };
    // While the encoder's bitrate ramps up (as in the fan-out bench), one untimed adapter of each
    // kind warms up the SFU process's adapter code, so the first point is not also its JIT's.
    const warmUp = await openAdapters(client, [{ source: tracks.audio, codec: 'pcm' }, { source: tracks.video, codec: 'jpeg' }]);
    await sleep(3_000);
    await warmUp.close();
    await sleep(500);
    const baseline = await measureCpu(sfu, [], windowMs);
    return await points({ client, sfu, camera, tracks, baseline });
  } finally {
    publisher?.peer.close();
    publisher?.media.stop();
    await sfu.stop();
  }
}

/**
 * PCM and JPEG (at the first rate) on one SFU; each further JPEG rate, and the large camera, on an
 * SFU of its own with its own publisher and baseline.
 */
export async function runAdaptersBench(options: AdaptersBenchOptions = {}): Promise<Table> {
  const counts = options.adapters ?? [1, 2, 4];
  const windowMs = options.windowMs ?? 8_000;
  const [firstFps = 1, ...otherFps] = options.jpegFps ?? [1, 5];
  const large = options.largeCamera ?? { width: 640, height: 480, adapters: [1, 4] };
  const small = { width: 320, height: 240 };
  const each = async (run: PublishedSfu, source: Source, output: Output, adapters: number[]): Promise<PointResult[]> => {
    const results: PointResult[] = [];
    for (const count of adapters) results.push(await measurePoint(run, source, output, count, windowMs));
    return results;
  };
  const results = await withPublishedSfu(firstFps, small, windowMs, async (run) => [
    ...(await each(run, run.tracks.audio, { codec: 'pcm' }, counts)),
    ...(await each(run, run.tracks.video, { codec: 'jpeg', fps: firstFps }, counts)),
  ]);
  for (const fps of otherFps) results.push(...(await withPublishedSfu(fps, small, windowMs, (run) => each(run, run.tracks.video, { codec: 'jpeg', fps }, counts))));
  results.push(...(await withPublishedSfu(firstFps, large, windowMs, (run) => each(run, run.tracks.video, { codec: 'jpeg', fps: firstFps }, large.adapters))));
  return adaptersTable(results, windowMs);
}

const percent = (ms: number, wallMs: number): number => (ms * 100) / wallMs;

/** The "none" row of one SFU and publisher: its worker and Node process with no adapter. */
function baselineRow(r: PointResult): string[] {
  const { baseline } = r;
  return ['none', r.camera, '0', '', '', '', '', '', '', '', '', fixed(percent(baseline.workerMs, baseline.wallMs), 1), fixed(percent(baseline.sfuNodeMs, baseline.wallMs), 1), ''];
}

function pointRow(r: PointResult): string[] {
  const ffmpeg = percent(r.cpu.ffmpegMs, r.cpu.wallMs);
  const worker = percent(r.cpu.workerMs, r.cpu.wallMs);
  const node = percent(r.cpu.sfuNodeMs, r.cpu.wallMs);
  const overBaseline = worker - percent(r.baseline.workerMs, r.baseline.wallMs) + (node - percent(r.baseline.sfuNodeMs, r.baseline.wallMs));
  return [
    r.label,
    r.camera,
    String(r.adapters),
    r.image,
    fixed(r.newMs, 0),
    fixed(percentile(r.firstPacketMs, 50), 0),
    fixed(Math.max(...r.firstPacketMs), 0),
    fixed(mean(r.packetsPerSecond), 1),
    fixed(r.payloadBytes / Math.max(1, r.packets) / 1024, 1),
    fixed(ffmpeg, 1),
    fixed(ffmpeg / r.adapters, 1),
    fixed(worker, 1),
    fixed(node, 1),
    fixed((ffmpeg + overBaseline) / r.adapters, 1),
  ];
}

function adaptersTable(results: PointResult[], windowMs: number): Table {
  const rows = results.flatMap((r, i) => (r.baseline !== results[i - 1]?.baseline ? [baselineRow(r), pointRow(r)] : [pointRow(r)]));
  return {
    title: 'WebSocket adapter egress (N adapters on one published track, SFU with 1 worker in its own process)',
    columns: [
      { heading: 'output' },
      { heading: 'camera' },
      { heading: 'N', align: 'right' },
      { heading: 'image' },
      { heading: 'new ms', align: 'right' },
      { heading: 'first pkt p50 ms', align: 'right' },
      { heading: 'max ms', align: 'right' },
      { heading: 'pkts/s/adapter', align: 'right' },
      { heading: 'KiB/pkt', align: 'right' },
      { heading: 'ffmpeg CPU %', align: 'right' },
      { heading: 'per ffmpeg %', align: 'right' },
      { heading: 'worker %', align: 'right' },
      { heading: 'SFU node %', align: 'right' },
      { heading: 'per adapter %', align: 'right' },
    ],
    rows,
    notes: [
      "source: the fan-out bench's wrtc publisher (Opus 440 Hz tone; textured VP8 at 30 fps, about 600 kbit/s at 320x240)",
      'PCM adapters read its audio track, JPEG adapters its video; each adapter is its own consumer, PlainTransport and ffmpeg',
      "all N are opened in one adapters/websocket/new; new ms = that round trip; first pkt = from sending it to each endpoint's first packet",
      `CPU over a ${windowMs / 1000} s window starting 1 s after every first packet; % is of one core; utime+stime from /proc (10 ms ticks)`,
      "  ffmpeg = the SFU process's ffmpeg children; worker = its mediasoup worker; SFU node = its process.cpuUsage()",
      '  per adapter = (ffmpeg + worker and SFU node above their "none" row) / N; the publisher\'s ingest is in every row',
      'the JPEG rate is server config (SFU_ADAPTER_JPEG_FPS): each "none" row starts a fresh SFU and publisher',
    ],
  };
}
