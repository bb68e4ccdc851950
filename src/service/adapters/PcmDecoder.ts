import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { opusSdp, type OpusStream } from './opusSdp.js';
import { pcmChannels, pcmSampleRate } from './PcmFramer.js';

export interface PcmDecoderOptions {
  /** The ffmpeg binary. `SFU_FFMPEG`, @default "ffmpeg" */
  ffmpeg?: string;
  onPcm: (chunk: Buffer) => void;
  /** ffmpeg ended by itself (not by close()). */
  onExit: (reason: string) => void;
}

/**
 * One ffmpeg child process that receives an Opus RTP stream on loopback (described by an SDP
 * file) and writes it to stdout as s16le PCM, 48 kHz stereo. close() kills it and resolves once
 * it has exited, so no ffmpeg outlives its adapter.
 */
export class PcmDecoder {
  #closed = false;
  readonly #exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
    private readonly dir: string,
  ) {
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
  }

  static async start(stream: OpusStream, options: PcmDecoderOptions): Promise<PcmDecoder> {
    const dir = await mkdtemp(join(tmpdir(), 'sfu-adapter-'));
    const sdpPath = join(dir, 'stream.sdp');
    await writeFile(sdpPath, opusSdp(stream));
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-protocol_whitelist', 'file,udp,rtp',
      '-probesize', '32', '-analyzeduration', '0', '-fflags', 'nobuffer',
      '-i', sdpPath,
      '-vn', '-f', 's16le', '-acodec', 'pcm_s16le', '-ar', String(pcmSampleRate), '-ac', String(pcmChannels),
      '-flush_packets', '1',
      'pipe:1',
    ];
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(options.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const decoder = new PcmDecoder(child, dir);
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    child.stdout.on('data', (chunk: Buffer) => options.onPcm(chunk));
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
