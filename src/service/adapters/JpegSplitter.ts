/**
 * Cuts ffmpeg's back-to-back JPEG images (image2pipe) into whole images, SOI (FF D8) to EOI
 * (FF D9). It walks the marker segments by their lengths, so an FF D9 inside a table or APP
 * segment does not end an image; in entropy-coded data FF is always stuffed (FF 00) or a restart
 * marker (FF D0-D7), so the first other marker there ends the scan.
 */
export class JpegSplitter {
  #pending: Buffer = Buffer.alloc(0);

  /** The whole images `chunk` completes; a partial one waits for the next chunk. Bytes before an SOI are dropped. */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const images: Buffer[] = [];
    for (;;) {
      const start = this.#pending.indexOf(soi);
      if (start < 0) {
        this.#pending = this.#pending.subarray(Math.max(0, this.#pending.length - 1));
        break;
      }
      if (start > 0) this.#pending = this.#pending.subarray(start);
      const end = imageEnd(this.#pending);
      if (end === undefined) break;
      images.push(Buffer.from(this.#pending.subarray(0, end)));
      this.#pending = this.#pending.subarray(end);
    }
    return images;
  }
}

const soi = Buffer.from([0xff, 0xd8]);

/** The length of the image at the start of `data` (which starts with SOI), or undefined while incomplete. */
function imageEnd(data: Buffer): number | undefined {
  let at = 2;
  let inScan = false;
  while (at + 1 < data.length) {
    if (data[at] !== 0xff) {
      if (!inScan) return at; // not a marker where one must be: cut here, the next SOI resyncs
      at++;
      continue;
    }
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (inScan && (marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7))) {
      at += 2;
      continue;
    }
    if (marker === 0xd9) return at + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      inScan = false;
      continue;
    }
    if (at + 3 >= data.length) return undefined;
    const length = data.readUInt16BE(at + 2);
    at += 2 + length;
    inScan = marker === 0xda;
  }
  return undefined;
}
