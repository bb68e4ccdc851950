/**
 * A real SFU in a process of its own, so its CPU time is not mixed with the wrtc peers' encoding
 * and decoding (libwebrtc threads run inside whichever Node process loads it).
 *
 * Run as a child: `node --import tsx bench/sfuProcess.ts <workers> [<config JSON>]`, with an IPC
 * channel. It sends `ready`, answers `cpu` with its own process.cpuUsage(), and stops on `stop` or
 * when the parent goes away. With `BENCH_SFU_CPU_PROF=<dir>` set, the child runs under
 * `node --cpu-prof` and writes its profile there when it stops (NODE_OPTIONS may not carry it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConfigInput } from '../src/server/config.js';
import type { RunningSfu } from '../test/helpers/sfu.js';
import { nextMessage, stopChild } from './childIpc.js';

type ToChild = { type: 'cpu' } | { type: 'stop' };
type FromChild =
  | { type: 'ready'; url: string; workerPids: number[] }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'failed'; message: string };

/** The parent's handle on an SFU child process. */
export class SfuProcess {
  #exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** Where its REST API listens. */
    readonly url: string,
    /** pids of its mediasoup workers, in pool order. */
    readonly workerPids: readonly number[],
  ) {
    child.once('exit', () => (this.#exited = true));
  }

  /** Forks the child and waits until its HTTP server listens. `config` overrides the test SFU's (JSON values only). */
  static async start(workers: number, config: ConfigInput = {}): Promise<SfuProcess> {
    const child = fork(fileURLToPath(import.meta.url), [String(workers), JSON.stringify(config)], {
      execArgv: ['--import', 'tsx', ...profileArgs()],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await nextMessage<FromChild, 'ready'>(child, 'ready', 30_000, 'SFU process');
      return new SfuProcess(child, ready.url, ready.workerPids);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  /** The child's Node-side CPU time so far (main thread and libuv threads, not the workers). */
  async cpuUsage(): Promise<NodeJS.CpuUsage> {
    const reply = nextMessage<FromChild, 'cpu'>(this.child, 'cpu', 5_000, 'SFU process');
    this.child.send({ type: 'cpu' } satisfies ToChild);
    return (await reply).usage;
  }

  /** Pid of the child (the SFU's Node process). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Stops the SFU (sessions, HTTP server, workers) and waits for the child to exit. Safe twice. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    await stopChild(this.child);
  }
}

function profileArgs(): string[] {
  const dir = process.env['BENCH_SFU_CPU_PROF'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function runChild(send: (message: FromChild) => void): Promise<void> {
  const { startSfu } = await import('../test/helpers/sfu.js');
  let sfu: RunningSfu | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await sfu?.stop();
      // Timers the service keeps (closed-session memory) must not hold the child open.
      process.exit(0);
    })());
  process.on('disconnect', () => void stop());
  process.on('message', (message: ToChild) => {
    if (message.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
    if (message.type === 'stop') void stop();
  });
  try {
    const config = JSON.parse(process.argv[3] ?? '{}') as ConfigInput;
    sfu = await startSfu({ ...config, media: { ...config.media, workers: Number(process.argv[2] ?? 2) } });
    send({ type: 'ready', url: sfu.url, workerPids: sfu.pool.workers.map((w) => w.pid) });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    await stop();
  }
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = process.send.bind(process);
  void runChild((message) => void send(message));
}
