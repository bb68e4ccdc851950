import { describe, expect, it } from 'vitest';
import { JpegSplitter } from '../../src/service/adapters/JpegSplitter.js';

/** A minimal JPEG-shaped image: SOI, an APP0 segment holding FF D9, SOS, stuffed scan data, EOI. */
function image(fill: number): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x06, 0xff, 0xd9, fill, 0x00, 0xff, 0xda, 0x00, 0x03, 0x01, fill, 0xff, 0x00, 0xff, 0xd0, fill, 0xff, 0xd9]);
}

describe('JpegSplitter', () => {
  it('cuts back-to-back images whole, across chunk boundaries, ignoring FF D9 inside segments', () => {
    const stream = Buffer.concat([Buffer.from([0x00, 0x01]), image(1), image(2), image(3)]);
    const splitter = new JpegSplitter();
    const images: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 5) images.push(...splitter.push(stream.subarray(at, at + 5)));
    expect(images).toEqual([image(1), image(2), image(3)]);
  });
});
