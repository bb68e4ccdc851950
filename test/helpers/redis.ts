import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

/** A real redis-server on loopback, for tests: no persistence, its own temp dir, a free port. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The pid of the running redis-server, or undefined while it is stopped. */
  readonly pid: number | undefined;
  /**
   * Ends the server (SIGTERM, then SIGKILL if it has not exited within a few seconds). Its data is
   * lost unless `keepData`, which saves a snapshot to its temp dir first (`SHUTDOWN SAVE`) that
   * the next `start()` loads: an outage of a store that persists. Safe to call twice.
   */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Starts it again after `stop()`, on the same port, with the same dir. */
  start(): Promise<void>;
  /**
   * `stop()` then `start()` on the same port: an outage. Keeps the data unless told otherwise,
   * as a store that persists would.
   * @default { keepData: true }
   */
  restart(options?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL now, and wait for the exit; the data is lost. */
  kill(): Promise<void>;
}

const redisServerPath = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';

/** Why the Redis tests cannot run here (no redis-server: `bash scripts/setup.sh --with-test-deps` installs it), or undefined. */
export const redisUnavailable: string | undefined = existsSync(redisServerPath) ? undefined : `${redisServerPath} not found (bash scripts/setup.sh --with-test-deps installs redis-server)`;
const readyTimeoutMs = 5_000;
const stopTimeoutMs = 5_000;

/** Starts a redis-server on a free loopback port and waits until it answers PING. */
export async function startRedis(): Promise<RunningRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'sfu-redis-'));
  // A freshly freed port may be taken by someone else before redis binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const server = new RedisProcess(await freePort(), dir);
    try {
      await server.start();
      return server;
    } catch (error) {
      await server.stop();
      if (attempt >= 3 || !/address already in use/i.test(String(error))) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

class RedisProcess implements RunningRedis {
  readonly url: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  /** Kills the server if the test process exits without stopping it, and removes its dir. */
  readonly #cleanUpOnExit = (): void => {
    this.#child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  };

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
    process.on('exit', this.#cleanUpOnExit);
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    if (this.#child) return;
    await mkdir(this.dir, { recursive: true });
    const args = [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--protected-mode', 'no',
      '--save', '',
      '--appendonly', 'no',
      '--dir', this.dir,
      '--loglevel', 'warning',
    ];
    const child = spawn(redisServerPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.#exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid, this.dir);
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
      watchdog?.kill('SIGKILL');
    });
    // Neither the server nor its pipes may keep a test process alive: 'exit' kills it.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    const exitedEarly = this.#exited.then(() => {
      throw new Error(`redis-server exited before it answered PING:\n${output}`);
    });
    const deadline = Date.now() + readyTimeoutMs;
    const answered = (async () => {
      while (!(await ping(this.port))) {
        if (this.#child !== child) return;
        if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${readyTimeoutMs} ms:\n${output}`);
        await sleep(20);
      }
    })();
    try {
      await Promise.race([answered, exitedEarly, spawnError]);
    } catch (error) {
      child.kill('SIGKILL');
      await this.#exited;
      throw error;
    }
  }

  async stop({ keepData = false }: { keepData?: boolean } = {}): Promise<void> {
    const child = this.#child;
    if (!child) return;
    if (keepData) await command(this.port, 'SHUTDOWN SAVE').catch(() => undefined);
    else child.kill('SIGTERM');
    if (!(await within(this.#exited, stopTimeoutMs))) {
      child.kill('SIGKILL');
      await this.#exited;
    }
    if (!keepData) await this.#dropSnapshot();
  }

  async restart({ keepData = true }: { keepData?: boolean } = {}): Promise<void> {
    await this.stop({ keepData });
    await this.start();
  }

  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exited;
    await this.#dropSnapshot();
  }

  /** The dir holds nothing but the snapshot `stop({ keepData })` leaves, which the next start would load. */
  async #dropSnapshot(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * A test process killed outright (a vitest worker on timeout) runs no 'exit' handler: a shell
 * that reads our end of a pipe sees it close when we die, and kills the server (and drops its dir) then.
 */
function startWatchdog(pid: number, dir: string): ChildProcess {
  const script = 'read _ignored; kill -KILL "$0" 2>/dev/null; rm -rf "$1"';
  const watchdog = spawn('sh', ['-c', script, String(pid), dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.on('error', () => undefined);
  return watchdog;
}


/** Sends one inline command; resolves with the first reply line (rejects on a closed or refused socket). */
function command(port: number, line: string, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no reply to ${line} within ${timeoutMs} ms`)));
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done();
    });
    socket.once('error', done);
    socket.once('close', () => done(new Error(`the connection closed before a reply to ${line}`)));
  });
}

async function ping(port: number): Promise<boolean> {
  return command(port, 'PING', 500).then(
    (reply) => reply.startsWith('+PONG'),
    () => false,
  );
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
