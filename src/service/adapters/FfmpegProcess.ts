import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegProcessOptions {
  /** The ffmpeg binary. `SFU_FFMPEG`, @default "ffmpeg" */
  ffmpeg?: string;
  /** What ffmpeg writes on stdout (decoders). */
  onData?: (chunk: Buffer) => void;
  /** ffmpeg ended by itself (not by close()), with the tail of what it wrote on stderr. */
  onExit: (reason: string) => void;
}

/**
 * One ffmpeg child process of an adapter. close() kills it (it has nothing to flush that anyone
 * waits for) and resolves once it has exited, so no ffmpeg outlives its adapter.
 */
export class FfmpegProcess {
  #closed = false;
  readonly #exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
  }

  /** Spawns `ffmpeg <args>` quiet (errors only) and without reading the terminal. */
  static spawn(args: string[], options: FfmpegProcessOptions): FfmpegProcess {
    const child = spawn(options.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
      stdio: ['ignore', options.onData ? 'pipe' : 'ignore', 'pipe'],
    });
    const process = new FfmpegProcess(child);
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    if (options.onData) child.stdout!.on('data', options.onData);
    child.once('error', (error) => {
      if (!process.#closed) options.onExit(`ffmpeg failed to run: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      if (!process.#closed) options.onExit(`ffmpeg exited (${signal ?? code}): ${stderr.trim()}`);
    });
    return process;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Kills ffmpeg with SIGKILL; resolves once it has exited. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    if (this.child.pid !== undefined) await this.#exited;
  }
}
