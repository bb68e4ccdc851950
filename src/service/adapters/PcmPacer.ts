import { pcmChannels, pcmSampleRate } from './PcmFramer.js';

const frameMs = 20;
const frameBytes = ((pcmSampleRate * frameMs) / 1000) * 2 * pcmChannels;

/**
 * After the event loop stalled, at most this many late frames go out at once: a longer burst
 * would only overflow the subscribers' jitter buffers. The schedule skips ahead; queued audio
 * is never dropped for it.
 */
const maxCatchUpFrames = 10;

export interface PcmPacerOptions {
  /** One 20 ms frame (3840 bytes of s16le, 48 kHz stereo), on the real-time clock. */
  onFrame: (frame: Buffer) => void;
  /** true: more than `maxQueuedMs` waits, stop reading from the endpoint; false: read again. */
  onBackpressure: (paused: boolean) => void;
  /**
   * Audio queued before backpressure starts. Buffer mode lets an endpoint send faster than real
   * time (a text-to-speech reply comes in a burst); backpressure instead of dropping loses nothing
   * and bounds memory (10 s is 1.9 MB). @default 10000
   */
  maxQueuedMs?: number;
  /** Milliseconds on a monotonic clock (tests drive their own). @default performance.now */
  now?: () => number;
}

/**
 * Plays out PCM that arrives in chunks of any size and at any pace (ingest's buffer mode) as
 * 20 ms frames on the real-time clock: the endpoint's audio while it has any, silence otherwise.
 * Silence keeps the track sending (a subscriber may pull at once, and the track never goes
 * quiet while the endpoint has nothing to say). A partial frame waits one frame for the rest,
 * then plays padded with silence, so a reply's last few milliseconds are not held back forever.
 */
export class PcmPacer {
  readonly #options: PcmPacerOptions;
  readonly #maxQueuedBytes: number;
  readonly #now: () => number;
  #chunks: Buffer[] = [];
  #queued = 0;
  #partialWaits = 0;
  #paused = false;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #played = 0;

  constructor(options: PcmPacerOptions) {
    this.#options = options;
    this.#maxQueuedBytes = Math.round(((options.maxQueuedMs ?? 10_000) / frameMs) * frameBytes);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Milliseconds of audio waiting to be played. */
  get queuedMs(): number {
    return (this.#queued / frameBytes) * frameMs;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(Buffer.from(chunk));
    this.#queued += chunk.length;
    if (!this.#paused && this.#queued > this.#maxQueuedBytes) this.#setPaused(true);
  }

  /** Starts the clock: the first frame goes out now. */
  start(): void {
    if (this.#timer) return;
    this.#startedAt = this.#now();
    this.#played = 0;
    // Half a frame, so a frame is never later than about 10 ms plus the loop's own delay.
    this.#timer = setInterval(() => this.#tick(), frameMs / 2);
    this.#tick();
  }

  /** Stops the clock and drops what is queued. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#chunks = [];
    this.#queued = 0;
  }

  #tick(): void {
    const due = Math.floor((this.#now() - this.#startedAt) / frameMs) + 1;
    if (due - this.#played > maxCatchUpFrames) this.#played = due - maxCatchUpFrames;
    while (this.#played < due && this.#timer !== undefined) {
      this.#options.onFrame(this.#nextFrame());
      this.#played++;
    }
    if (this.#paused && this.#queued <= this.#maxQueuedBytes / 2) this.#setPaused(false);
  }

  #nextFrame(): Buffer {
    if (this.#queued >= frameBytes) {
      this.#partialWaits = 0;
      return this.#take(frameBytes);
    }
    if (this.#queued > 0 && this.#partialWaits++ >= 1) {
      this.#partialWaits = 0;
      const frame = Buffer.alloc(frameBytes);
      this.#take(this.#queued).copy(frame);
      return frame;
    }
    return Buffer.alloc(frameBytes);
  }

  /** The first `bytes` queued bytes, as one buffer. */
  #take(bytes: number): Buffer {
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.#chunks[0]!;
      const used = Math.min(chunk.length, bytes - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(used);
    }
    this.#queued -= bytes;
    return out;
  }

  #setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#options.onBackpressure(paused);
  }
}
