import { spawn } from 'node:child_process';

/** Width and height from a JPEG's SOF0/SOF1/SOF2 segment. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(jpeg);
  let at = 2;
  while (at + 9 < view.length) {
    if (view[at] !== 0xff) throw new Error(`no marker at ${at}`);
    const marker = view[at + 1]!;
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) return { height: view.readUInt16BE(at + 5), width: view.readUInt16BE(at + 7) };
    at += 2 + view.readUInt16BE(at + 2);
  }
  throw new Error('no SOF segment');
}

/** The image's average colour: ffmpeg scales it to one rgb24 pixel. */
export function averageRgb(jpeg: Uint8Array): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    const out: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => out.push(data));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve([...Buffer.concat(out).subarray(0, 3)]) : reject(new Error(`ffmpeg exited ${code}`))));
    child.stdin.end(Buffer.from(jpeg));
  });
}
