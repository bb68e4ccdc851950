/**
 * The control plane's baseline, "raw mediasoup": the same mediasoup (our node_modules copy), the
 * same worker pool and transport options (src/media: least-loaded placement, one router per
 * worker, pipes between routers), driven by direct calls: no HTTP, no SDP, no GraphQL, no session
 * bookkeeping. RTP and DTLS parameters are derived once, before any timing, from the same captured
 * offer and answer the REST clients send, through src/sdp.
 *
 * It runs in a child process of its own, like the SFU under test, so its Node CPU is its own and
 * not mixed with the REST clients'; the child times its operations itself, so no IPC lies inside a
 * measurement. Run as a child: `node --import tsx bench/rawMediasoup.ts <workers> <SDP JSON>`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { types } from 'mediasoup';
import { WorkerPool } from '../src/media/WorkerPool.js';
import type { MediaWorker } from '../src/media/MediaWorker.js';
import { parseRemoteDescription, publishedSection, type PublishedSection, type RemoteDescription } from '../src/sdp/index.js';
import { nextMessage, stopChild } from './childIpc.js';
import type { ControlOperation } from './controlPlaneReport.js';
import { processCpuMs, usageMs } from './load/cpu.js';
import { timedLanes, type LanesResult } from './load/lanes.js';
import type { Description } from './load/ndcPeer.js';

/** The captured descriptions: a publisher's offer (video + audio sendonly) and a subscriber's answer to an SFU offer. */
export interface CapturedSdp {
  offer: Description;
  answer: Description;
}

/** One batch as the child measured it: latencies, and its own and its workers' CPU over the batch. */
export interface RawBatch extends LanesResult {
  nodeCpuMs: number;
  workersCpuMs: number;
}

interface RunRequest {
  operation: ControlOperation;
  concurrency: number;
  count: number;
  /** Untimed operations first (JIT, pipes). */
  warmup: number;
}

type ToChild = ({ type: 'run' } & RunRequest) | { type: 'stop' };
type FromChild = { type: 'ready'; workerPids: number[] } | { type: 'ran'; batch: RawBatch } | { type: 'failed'; message: string };

/** Its own port range, so it never competes with the SFU under test for a port. */
const rtcPorts = { rtcMinPort: 50000, rtcMaxPort: 59999 };

/** The parent's handle on the raw mediasoup child. */
export class RawMediasoupProcess {
  #exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** pids of its mediasoup workers. */
    readonly workerPids: readonly number[],
  ) {
    child.once('exit', () => (this.#exited = true));
  }

  static async start(workers: number, sdp: CapturedSdp): Promise<RawMediasoupProcess> {
    const child = fork(fileURLToPath(import.meta.url), [String(workers), JSON.stringify(sdp)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await nextMessage<FromChild, 'ready'>(child, 'ready', 30_000);
      return new RawMediasoupProcess(child, ready.workerPids);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Runs one batch in the child; what it created is closed after the measurement. */
  async run(request: RunRequest, timeoutMs = 120_000): Promise<RawBatch> {
    const reply = nextMessage<FromChild, 'ran'>(this.child, 'ran', timeoutMs);
    this.child.send({ type: 'run', ...request } satisfies ToChild);
    return (await reply).batch;
  }

  /** Closes the workers and waits for the child to exit. Safe twice. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    await stopChild(this.child);
  }
}

/** What every operation needs, prepared before any timing. */
interface Prepared {
  pool: WorkerPool;
  published: PublishedSection[];
  /** DTLS as our Session.applyRemoteTransport derives it from the offer (publish) and the answer (pull). */
  publishDtls: types.DtlsParameters;
  pullDtls: types.DtlsParameters;
  /** The pulled source: producers on the first worker, as the load publisher's are in the SFU. */
  source: { worker: MediaWorker; producers: types.Producer[] };
}

function dtlsOf(remote: RemoteDescription): types.DtlsParameters {
  return { role: remote.dtls.setup === 'passive' ? 'server' : 'client', fingerprints: remote.dtls.fingerprints };
}

async function prepare(workers: number, sdp: CapturedSdp): Promise<Prepared> {
  const pool = await WorkerPool.create({ workers, logLevel: 'warn', listenIp: '127.0.0.1', ...rtcPorts });
  const offer = parseRemoteDescription(sdp.offer);
  const capabilities = pool.workers[0]!.router.rtpCapabilities;
  const published = offer.sections.filter((s) => s.kind !== 'application' && s.direction === 'sendonly').map((s) => publishedSection(s, capabilities));
  const worker = pool.leastLoaded();
  const transport = await worker.createTransport({});
  await transport.connect({ dtlsParameters: dtlsOf(offer) });
  const producers: types.Producer[] = [];
  for (const p of published) producers.push(await transport.produce({ kind: p.kind, rtpParameters: p.rtpParameters, keyFrameRequestDelay: 350 }));
  return { pool, published, publishDtls: dtlsOf(offer), pullDtls: dtlsOf(parseRemoteDescription(sdp.answer)), source: { worker, producers } };
}

/** The mediasoup calls our SFU makes for each operation, in its order, minus everything around them. */
const operations: Record<ControlOperation, (p: Prepared, created: types.Transport[]) => Promise<void>> = {
  'sessions/new': async ({ pool }, created) => {
    created.push(await pool.leastLoaded().createTransport({}));
  },
  publish: async ({ pool, published, publishDtls }, created) => {
    const transport = await pool.leastLoaded().createTransport({});
    created.push(transport);
    await transport.connect({ dtlsParameters: publishDtls });
    for (const p of published) await transport.produce({ kind: p.kind, rtpParameters: p.rtpParameters, keyFrameRequestDelay: 350 });
  },
  pull: async ({ pool, pullDtls, source }, created) => {
    const worker = pool.leastLoaded();
    const transport = await worker.createTransport({});
    created.push(transport);
    const consumers: types.Consumer[] = [];
    for (const [i, producer] of source.producers.entries()) {
      await pool.reach(producer, source.worker, worker);
      const rtpCapabilities = worker.router.rtpCapabilities;
      if (!worker.router.canConsume({ producerId: producer.id, rtpCapabilities })) throw new Error('cannot consume the source');
      consumers.push(await transport.consume({ producerId: producer.id, rtpCapabilities, paused: true, mid: String(i) }));
    }
    // The client's answer: connect, then resume what it now has.
    await transport.connect({ dtlsParameters: pullDtls });
    for (const consumer of consumers) await consumer.resume();
  },
};

async function runBatch(prepared: Prepared, request: RunRequest): Promise<RawBatch> {
  const created: types.Transport[] = [];
  const operation = operations[request.operation];
  try {
    for (let i = 0; i < request.warmup; i++) await operation(prepared, created);
    const workerPids = prepared.pool.workers.map((w) => w.pid);
    const nodeBefore = usageMs(process.cpuUsage());
    const workersBefore = workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const lanes = await timedLanes(request.count, request.concurrency, () => operation(prepared, created));
    return {
      ...lanes,
      nodeCpuMs: usageMs(process.cpuUsage()) - nodeBefore,
      workersCpuMs: workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - workersBefore,
    };
  } finally {
    for (const transport of created) transport.close();
  }
}

async function runChild(send: (message: FromChild) => void): Promise<void> {
  let prepared: Prepared | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    prepared?.pool.close();
    // Give the workers a moment to see the close, then leave (nothing else holds the child).
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('disconnect', stop);
  process.on('message', (message: ToChild) => {
    if (message.type === 'stop') stop();
    else if (message.type === 'run' && prepared) {
      runBatch(prepared, message).then(
        (batch) => send({ type: 'ran', batch }),
        (error: Error) => send({ type: 'failed', message: error.message }),
      );
    }
  });
  try {
    prepared = await prepare(Number(process.argv[2] ?? 2), JSON.parse(process.argv[3] ?? '{}') as CapturedSdp);
    send({ type: 'ready', workerPids: prepared.pool.workers.map((w) => w.pid) });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    stop();
  }
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = process.send.bind(process);
  void runChild((message) => void send(message));
}
