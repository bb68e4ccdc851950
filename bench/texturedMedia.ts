import { SyntheticMedia } from '../test/helpers/wrtcPeer.js';

/**
 * A camera stand-in whose frames cost what a real camera's do. The test helpers' default flat
 * frames VP8-encode to ~25 kbit/s, which leaves the SFU almost nothing to forward; a moving
 * texture plus a noisy patch keeps the encoder near its target bitrate.
 */
export function texturedMedia(width = 320, height = 240): SyntheticMedia {
  return new SyntheticMedia(width, height, paintTexture);
}

/** Luma only: a diagonal pattern that scrolls every frame, and a noise patch in one quarter. */
function paintTexture(frame: Uint8Array, width: number, height: number, tick: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) frame[row + x] = ((x + 2 * tick) ^ (y + tick)) & 0xff;
  }
  for (let y = 0; y < height / 4; y++) {
    const row = y * width;
    for (let x = 0; x < width / 4; x++) frame[row + x] = (Math.random() * 256) | 0;
  }
}
