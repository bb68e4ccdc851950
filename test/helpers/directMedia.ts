import type { types } from 'mediasoup';
import { eventually as poll } from './eventually.js';

/** VP8 as a DirectTransport producer announces it: PLI/FIR/NACK so keyframe requests reach it. */
export const vp8Codec: types.RtpCodecParameters = {
  mimeType: 'video/VP8',
  payloadType: 96,
  clockRate: 90000,
  rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
};

/**
 * One RTP packet carrying a whole VP8 key frame (as far as mediasoup looks: payload descriptor with
 * a picture id, start of partition 0, P bit clear). Every packet being a key frame lets any
 * consumer, pipe or simulcast, start and switch layers at once.
 */
export function vp8KeyFramePacket(ssrc: number, seq: number, pictureId: number): Buffer {
  const payload = Buffer.from([0x90, 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]);
  return rtpPacket({ ssrc, seq, timestamp: pictureId * 3000, payloadType: 96, marker: true, payload });
}

function rtpPacket(p: { ssrc: number; seq: number; timestamp: number; payloadType: number; marker: boolean; payload: Buffer }): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  header.writeUInt16BE(p.seq & 0xffff, 2);
  header.writeUInt32BE(p.timestamp >>> 0, 4);
  header.writeUInt32BE(p.ssrc >>> 0, 8);
  return Buffer.concat([header, p.payload]);
}

/** Sends a VP8 key frame on each ssrc every `intervalMs` until stopped (producer closed: stops itself). */
export function pumpVideo(producer: types.Producer, ssrcs: number[], intervalMs = 10): () => void {
  let n = 0;
  const timer = setInterval(() => {
    if (producer.closed) return clearInterval(timer);
    n++;
    for (const ssrc of ssrcs) producer.send(vp8KeyFramePacket(ssrc, n, n));
  }, intervalMs);
  return () => clearInterval(timer);
}

/** Polls `probe` every 20 ms until it holds; fails after `timeoutMs` naming `what` (media on loopback is quick). */
export function eventually(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  return poll(what, probe, timeoutMs, 20);
}
