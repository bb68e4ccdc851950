/**
 * Pre-encoded media for the load generator: VP8 in IVF and Opus in Ogg, encoded once by ffmpeg
 * into a cache folder under the OS temp dir, then read into memory as frames with their timestamps.
 * Real encoded frames (keyframes every 2 s, inter frames between) give the SFU the packet sizes and
 * rates of a camera without any encoder running during the measurement.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One encoded frame and when it is due, in its codec's clock. */
export interface EncodedFrame {
  data: Buffer;
  /** RTP timestamp offset from the clip's start (90 kHz for video, 48 kHz for Opus). */
  timestamp: number;
  keyframe: boolean;
}

/** A clip that loops: its frames and how long one pass lasts. */
export interface Clip {
  frames: EncodedFrame[];
  /** Length of one pass in the codec's clock (the timestamp the next pass starts at). */
  duration: number;
  clockRate: number;
}

/** How long each clip lasts before it loops, in seconds. */
const clipSeconds = 8;
/** ffmpeg gets this long per clip before it is killed. */
const encodeTimeoutMs = 120_000;
const cacheDir = join(tmpdir(), 'open-realtime-sfu-bench-media');

/** A video frame size in pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

const defaultSize: FrameSize = { width: 640, height: 360 };

/**
 * VP8 at `kbps` and `size` (30 fps, a keyframe every 60 frames = 2 s), encoded by libvpx once per
 * rate and size.
 * @param size @default 640x360
 */
export async function vp8Clip(kbps: number, size: FrameSize = defaultSize): Promise<Clip> {
  const dimensions = `${size.width}x${size.height}`;
  // The default size keeps the cache name it always had.
  const sizeTag = size.width === defaultSize.width && size.height === defaultSize.height ? '' : `-${dimensions}`;
  const path = await cached(`vp8-${kbps}k${sizeTag}-${clipSeconds}s.ivf`, (out) => [
    '-f', 'lavfi', '-i', `testsrc2=size=${dimensions}:rate=30`, '-t', String(clipSeconds),
    '-c:v', 'libvpx', '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`,
    '-g', '60', '-keyint_min', '60', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '2', '-f', 'ivf', out,
  ]);
  return parseIvf(readFileSync(path));
}

/** Opus at 32 kbit/s, 20 ms frames, a 440 Hz tone (libopus), encoded once. */
export async function opusClip(): Promise<Clip> {
  const path = await cached(`opus-32k-${clipSeconds}s.ogg`, (out) => [
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(clipSeconds),
    '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-f', 'ogg', out,
  ]);
  return parseOggOpus(readFileSync(path));
}

async function cached(name: string, args: (out: string) => string[]): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, name);
  if (existsSync(path)) return path;
  // Written beside and renamed, so an interrupted encode never leaves a truncated clip in the cache.
  const partial = `${path}.${process.pid}.partial`;
  await runFfmpeg(['-hide_banner', '-loglevel', 'error', '-y', ...args(partial)]);
  renameSync(partial, path);
  return path;
}

function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), encodeTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr.trim()}`));
    });
  });
}

/** IVF: a 32-byte file header, then per frame a 12-byte header (size, 64-bit pts) and the frame. */
export function parseIvf(file: Buffer): Clip {
  if (file.toString('ascii', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const headerLength = file.readUInt16LE(6);
  const rate = file.readUInt32LE(16);
  const scale = file.readUInt32LE(20);
  const frames: EncodedFrame[] = [];
  let offset = headerLength;
  while (offset + 12 <= file.length) {
    const size = file.readUInt32LE(offset);
    const pts = Number(file.readBigUInt64LE(offset + 4));
    const data = file.subarray(offset + 12, offset + 12 + size);
    // VP8 frame tag, bit 0: 0 for a keyframe (RFC 6386 section 9.1).
    frames.push({ data, timestamp: Math.round((pts * scale * 90_000) / rate), keyframe: (data[0]! & 0x01) === 0 });
    offset += 12 + size;
  }
  if (frames.length < 2) throw new Error('IVF file holds fewer than two frames');
  const step = frames[1]!.timestamp - frames[0]!.timestamp;
  return { frames, duration: frames[frames.length - 1]!.timestamp + step, clockRate: 90_000 };
}

/**
 * Ogg Opus: pages of lacing segments; a packet ends at a segment shorter than 255 bytes. The first
 * two packets are the OpusHead and OpusTags headers. Every packet is taken as 20 ms (the encode
 * asks for 20 ms frames), so timestamps step by 960 at 48 kHz.
 */
export function parseOggOpus(file: Buffer): Clip {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let offset = 0;
  while (offset + 27 <= file.length) {
    if (file.toString('ascii', offset, offset + 4) !== 'OggS') throw new Error(`no Ogg page at byte ${offset}`);
    const segments = file[offset + 26]!;
    const table = file.subarray(offset + 27, offset + 27 + segments);
    let body = offset + 27 + segments;
    for (const length of table) {
      pending.push(file.subarray(body, body + length));
      body += length;
      if (length < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = body;
  }
  const audio = packets.slice(2);
  if (audio.length === 0) throw new Error('Ogg file holds no Opus packets');
  const frames = audio.map((data, i) => ({ data, timestamp: i * 960, keyframe: false }));
  return { frames, duration: frames.length * 960, clockRate: 48_000 };
}
