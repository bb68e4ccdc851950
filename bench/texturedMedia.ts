import wrtc from '@roamhq/wrtc';

const { nonstandard } = wrtc;

/**
 * A camera stand-in whose frames cost what a real camera's do. The test helpers' SyntheticMedia
 * sends flat frames that VP8 squeezes to ~25 kbit/s, which leaves the SFU almost nothing to
 * forward; here a moving texture plus a noisy patch keeps the encoder near its target bitrate.
 */
export class TexturedMedia {
  readonly videoSource = new nonstandard.RTCVideoSource();
  readonly audioSource = new nonstandard.RTCAudioSource();
  readonly videoTrack = this.videoSource.createTrack();
  readonly audioTrack = this.audioSource.createTrack();
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(
    readonly width = 320,
    readonly height = 240,
    readonly fps = 30,
  ) {
    const frame = new Uint8Array((width * height * 3) / 2).fill(128);
    let tick = 0;
    this.#timers.push(
      setInterval(() => {
        paint(frame, width, height, tick++);
        this.videoSource.onFrame({ width, height, data: frame });
      }, 1000 / fps),
    );
    const samples = new Int16Array(480);
    let phase = 0;
    this.#timers.push(
      setInterval(() => {
        for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48000));
        this.audioSource.onData({ samples, sampleRate: 48000 });
      }, 10),
    );
  }

  /** Stops the frame and sample timers and both tracks. Safe to call twice. */
  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.videoTrack.stop();
    this.audioTrack.stop();
  }
}

/** Luma only: a diagonal pattern that scrolls every frame, and a noise patch in one quarter. */
function paint(frame: Uint8Array, width: number, height: number, tick: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) frame[row + x] = ((x + 2 * tick) ^ (y + tick)) & 0xff;
  }
  for (let y = 0; y < height / 4; y++) {
    const row = y * width;
    for (let x = 0; x < width / 4; x++) frame[row + x] = (Math.random() * 256) | 0;
  }
}
