import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegProcess, type FfmpegProcessOptions } from './FfmpegProcess.js';

/** As any adapter ffmpeg: its binary, what it writes on stdout (decoders) and its own exit. */
export type RtpFfmpegOptions = FfmpegProcessOptions;

/** What one decoder reads and writes: the SDP of its RTP input, its input tuning and its output arguments. */
export interface RtpFfmpegSpec {
  sdp: string;
  /** Input options before `-i` (probing). */
  input: string[];
  /** Output options, up to and including the output (`pipe:1`, an rtp:// URL). */
  output: string[];
}

/**
 * One ffmpeg that receives one RTP stream on loopback (described by an SDP file it reads) and
 * writes what `output` asks for: decoded media on stdout (egress), or Opus RTP (ingest). close()
 * kills it, resolves once it has exited and removes the SDP file.
 */
export class RtpFfmpeg {
  private constructor(
    private readonly process: FfmpegProcess,
    private readonly dir: string,
  ) {}

  static async start(spec: RtpFfmpegSpec, options: RtpFfmpegOptions): Promise<RtpFfmpeg> {
    const dir = await mkdtemp(join(tmpdir(), 'sfu-adapter-'));
    const sdpPath = join(dir, 'stream.sdp');
    await writeFile(sdpPath, spec.sdp);
    try {
      const args = ['-protocol_whitelist', 'file,udp,rtp', ...spec.input, '-i', sdpPath, ...spec.output];
      return new RtpFfmpeg(FfmpegProcess.spawn(args, options), dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Kills ffmpeg and removes its SDP file; resolves once ffmpeg is gone. Safe to call twice. */
  async close(): Promise<void> {
    void rm(this.dir, { recursive: true, force: true });
    await this.process.close();
  }
}
