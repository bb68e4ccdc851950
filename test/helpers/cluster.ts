import { spawn, type ChildProcess } from 'node:child_process';
import { testApps } from './sfu.js';
import { freePort } from './freePort.js';

/** One instance of a test cluster: `npm start`'s entry point in its own process. */
export interface ClusterInstance {
  readonly id: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The UDP/TCP port range its sessions' ICE candidates use (distinct per instance). */
  readonly rtcPorts: { min: number; max: number };
  readonly process: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote to stderr (its JSON log lines), for a failing test's message. */
  readonly log: string[];
  /** SIGKILL: the instance vanishes without a word, as a crashed host would. */
  kill(): Promise<void>;
  /** SIGTERM: it drains and stops. */
  terminate(): Promise<void>;
}

export const clusterSecret = 'test-cluster-secret-0123456789';
const repoRoot = new URL('../../', import.meta.url);

/**
 * Starts an instance on a free port with the test apps, one mediasoup worker, media on
 * loopback on its own port range, joined to the cluster at `redisUrl`. Resolves once it
 * answers HTTP.
 */
export async function startInstance(id: string, redisUrl: string, index: number, env: Record<string, string> = {}): Promise<ClusterInstance> {
  const port = await freePort();
  const rtcPorts = { min: 42000 + index * 500, max: 42000 + index * 500 + 499 };
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SFU_HOST: '127.0.0.1',
      SFU_PORT: String(port),
      SFU_APPS: testApps.map((a) => `${a.id}:${a.secret}`).join(','),
      SFU_WORKERS: '1',
      SFU_RTC_LISTEN_IP: '127.0.0.1',
      SFU_RTC_MIN_PORT: String(rtcPorts.min),
      SFU_RTC_MAX_PORT: String(rtcPorts.max),
      SFU_REDIS_URL: redisUrl,
      SFU_CLUSTER_SECRET: clusterSecret,
      SFU_INSTANCE_ID: id,
      SFU_INSTANCE_TTL_MS: '2000',
      // SIGTERM drains: a second of it, then the sessions left close with reason shutdown.
      SFU_DRAIN_TIMEOUT_MS: '1000',
      SFU_LOG_LEVEL: process.env['SFU_TEST_LOG'] ? 'debug' : 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    log.push(text);
    if (process.env['SFU_TEST_LOG']) process.stderr.write(`[${id}] ${text}`);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${id} exited at start:\n${log.join('')}`);
    try {
      const response = await fetch(`${url}/v1/apps/${testApps[0].id}/sessions/none`, { headers: { Authorization: `Bearer ${testApps[0].secret}` } });
      await response.text();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`instance ${id} did not answer within 20 s:\n${log.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { id, url, rtcPorts, process: child, exited, log, kill: () => signal('SIGKILL'), terminate: () => signal('SIGTERM') };
}


/** Sends each call to the next instance in turn, as a round-robin load balancer would. */
export function roundRobin(urls: () => string[]): () => string {
  let next = 0;
  return () => {
    const live = urls();
    return live[next++ % live.length]!;
  };
}
