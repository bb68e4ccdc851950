import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface RtpDecoderOptions {
  /** The ffmpeg binary. `SFU_FFMPEG`, @default "ffmpeg" */
  ffmpeg?: string;
  onData: (chunk: Buffer) => void;
  /** ffmpeg ended by itself (not by close()). */
  onExit: (reason: string) => void;
}

/** What one decoder reads and writes: the SDP of its RTP input, its input tuning and its output arguments. */
export interface RtpDecoderSpec {
  sdp: string;
  /** Input options before `-i` (probing). */
  input: string[];
  /** Output options, up to and including `pipe:1`. */
  output: string[];
}

/**
 * One ffmpeg child process that receives one RTP stream on loopback (described by an SDP file)
 * and writes what `output` asks for to stdout. close() kills it and resolves once it has exited,
 * so no ffmpeg outlives its adapter.
 */
export class RtpDecoder {
  #closed = false;
  readonly #exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
    private readonly dir: string,
  ) {
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
  }

  static async start(spec: RtpDecoderSpec, options: RtpDecoderOptions): Promise<RtpDecoder> {
    const dir = await mkdtemp(join(tmpdir(), 'sfu-adapter-'));
    const sdpPath = join(dir, 'stream.sdp');
    await writeFile(sdpPath, spec.sdp);
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-protocol_whitelist', 'file,udp,rtp',
      ...spec.input,
      '-i', sdpPath,
      ...spec.output,
    ];
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(options.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const decoder = new RtpDecoder(child, dir);
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    child.stdout.on('data', (chunk: Buffer) => options.onData(chunk));
    child.once('error', (error) => {
      if (!decoder.#closed) options.onExit(`ffmpeg failed to run: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      if (!decoder.#closed) options.onExit(`ffmpeg exited (${signal ?? code}): ${stderr.trim()}`);
    });
    return decoder;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Kills ffmpeg (it has nothing to flush) and removes its SDP file; resolves once it is gone. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      void rm(this.dir, { recursive: true, force: true });
    }
    if (this.child.pid !== undefined) await this.#exited;
  }
}
