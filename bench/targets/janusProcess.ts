/**
 * The janus binary as a child process: started on a config folder, ready once its HTTP API
 * answers `GET /janus/info`, stopped with SIGTERM and then SIGKILL. It runs under
 * `setpriv --pdeathsig KILL`, so it dies with this process even when this one is killed outright,
 * and an exit handler kills it when this process exits with it still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processCpuMs } from '../load/cpu.js';
import { processRssBytes } from '../load/procfs.js';

export interface JanusProcessOptions {
  /** The janus executable. @default '/usr/bin/janus' */
  binary?: string;
  /** The folder holding janus.jcfg and the plugins' configs. */
  configDir: string;
  /** Where janus.jcfg says the log goes (its tail explains a failed start). */
  logFile: string;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8088/janus. */
  apiUrl: string;
  /** How long Janus may take to answer /info. @default 20000 */
  startTimeoutMs?: number;
  /** A library to preload into Janus (the loopback shim, janusLoopbackShim.ts). */
  preload?: string;
}

/** How long SIGTERM gets before SIGKILL. */
const stopGraceMs = 5_000;
/** Lines of the log a failed start prints. */
const logTailLines = 40;

export class JanusProcess {
  #exit: Promise<void>;
  #exited = false;
  readonly #killOnExit = (): void => void this.child.kill('SIGKILL');

  private constructor(
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    this.#exit = new Promise((resolve) =>
      child.once('exit', () => {
        this.#exited = true;
        process.off('exit', this.#killOnExit);
        resolve();
      }),
    );
    process.once('exit', this.#killOnExit);
  }

  /** Starts Janus and waits for its API; on failure it is stopped and the error carries the log's tail. */
  static async start(options: JanusProcessOptions): Promise<JanusProcess> {
    const binary = options.binary ?? '/usr/bin/janus';
    if (!existsSync(binary)) throw new Error(`${binary} not found: apt-get install janus`);
    const args = ['--pdeathsig', 'KILL', binary, `--configs-folder=${options.configDir}`, `--config=${join(options.configDir, 'janus.jcfg')}`];
    const env = options.preload ? { ...process.env, LD_PRELOAD: options.preload } : process.env;
    const child = spawn('setpriv', args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    const janus = new JanusProcess(child, options.logFile);
    try {
      await janus.#waitReady(options.apiUrl, options.startTimeoutMs ?? 20_000);
      return janus;
    } catch (error) {
      await janus.stop();
      throw new Error(`${(error as Error).message}\n--- janus stderr ---\n${stderr.trim()}\n--- tail of ${options.logFile} ---\n${janus.logTail()}`);
    }
  }

  async #waitReady(apiUrl: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let lastError = 'no answer';
    while (performance.now() < deadline) {
      if (this.#exited) throw new Error(`janus exited during start (code ${this.child.exitCode}, signal ${this.child.signalCode})`);
      try {
        const response = await fetch(`${apiUrl}/info`, { signal: AbortSignal.timeout(2_000) });
        const info = (await response.json()) as { janus?: string; plugins?: Record<string, unknown> };
        if (info.janus === 'server_info' && info.plugins?.['janus.plugin.videoroom']) return;
        lastError = `info answered without the VideoRoom plugin: ${JSON.stringify(info).slice(0, 300)}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`janus API at ${apiUrl} not ready within ${timeoutMs} ms (${lastError})`);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** CPU time of the janus process so far, all its threads (/proc/<pid>/stat utime + stime). */
  cpuMs(): number {
    return this.#exited ? 0 : processCpuMs(this.pid);
  }

  rssBytes(): number {
    return this.#exited ? 0 : processRssBytes(this.pid);
  }

  /** The last lines of Janus's log. */
  logTail(lines = logTailLines): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. Safe twice. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), stopGraceMs);
    await this.#exit;
    clearTimeout(timer);
  }
}
