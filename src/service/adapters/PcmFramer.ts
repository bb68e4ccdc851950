/**
 * Cuts ffmpeg's s16le byte stream (48 kHz, stereo) into whole frames of `frameMs`, numbered and
 * stamped as the adapter sends them: sequence numbers by one, timestamps in 48 kHz samples.
 */
export const pcmSampleRate = 48_000;
export const pcmChannels = 2;
const bytesPerSample = 2 * pcmChannels;

export interface PcmFrame {
  sequenceNumber: number;
  timestamp: number;
  payload: Buffer;
}

export class PcmFramer {
  readonly #frameBytes: number;
  #pending: Buffer = Buffer.alloc(0);
  #sequenceNumber = 0;
  #samples = 0;

  constructor(frameMs = 20) {
    this.#frameBytes = ((pcmSampleRate * frameMs) / 1000) * bytesPerSample;
  }

  /** The whole frames `chunk` completes; the remainder waits for the next chunk. */
  push(chunk: Buffer): PcmFrame[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: PcmFrame[] = [];
    while (this.#pending.length >= this.#frameBytes) {
      const payload = this.#pending.subarray(0, this.#frameBytes);
      this.#pending = this.#pending.subarray(this.#frameBytes);
      frames.push({ sequenceNumber: this.#sequenceNumber >>> 0, timestamp: this.#samples >>> 0, payload });
      this.#sequenceNumber++;
      this.#samples += payload.length / bytesPerSample;
    }
    return frames;
  }
}
