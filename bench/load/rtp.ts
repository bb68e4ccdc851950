/**
 * RTP as the load generator needs it: packets written by hand (RFC 3550 fixed header, VP8 payload
 * descriptor of RFC 7741) on the sending side, and on the receiving side only the header fields and
 * the VP8 keyframe bit, never a decoder.
 */

/** Largest RTP payload the publisher sends, leaving room for SRTP's tag and header extensions under a 1,280-byte MTU. */
export const maxPayload = 1_150;

export interface RtpHeader {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
}

/** A 12-byte RTP header (version 2, no padding, no extension, no CSRC) followed by the payload. */
export function rtpPacket(header: RtpHeader, payload: Buffer): Buffer {
  const packet = Buffer.allocUnsafe(12 + payload.length);
  packet[0] = 0x80;
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  payload.copy(packet, 12);
  return packet;
}

/**
 * Splits a VP8 frame into RTP payloads: each starts with a 4-byte descriptor (X=1, S on the first,
 * PID 0; I=1 with a 15-bit picture ID), as libwebrtc sends them; mediasoup rewrites the picture ID
 * per consumer.
 */
export function vp8Payloads(frame: Buffer, pictureId: number): Buffer[] {
  const chunk = maxPayload - 4;
  const payloads: Buffer[] = [];
  for (let offset = 0; offset < frame.length; offset += chunk) {
    const part = frame.subarray(offset, Math.min(frame.length, offset + chunk));
    const payload = Buffer.allocUnsafe(4 + part.length);
    payload[0] = 0x80 | (offset === 0 ? 0x10 : 0);
    payload[1] = 0x80;
    payload.writeUInt16BE(0x8000 | (pictureId & 0x7fff), 2);
    part.copy(payload, 4);
    payloads.push(payload);
  }
  return payloads;
}

/** The header fields of an RTP packet, and where its payload starts; undefined for RTCP or a short packet. */
export function parseRtp(packet: Buffer): (RtpHeader & { payloadOffset: number }) | undefined {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return undefined;
  const payloadType = packet[1]! & 0x7f;
  // RTCP packet types 200-207 land on 72-79 once the marker bit is masked off (RFC 5761).
  if (payloadType >= 72 && payloadType <= 79) return undefined;
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  if (offset > packet.length) return undefined;
  return {
    payloadType,
    marker: (packet[1]! & 0x80) !== 0,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payloadOffset: offset,
  };
}

/**
 * Whether a VP8 RTP payload starts a keyframe: S=1 and partition 0 in the descriptor, then the
 * VP8 frame tag's inverse keyframe bit P = 0 (RFC 7741 sections 4.2 and 4.3).
 */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  if (payload.length < 1) return false;
  const first = payload[0]!;
  if ((first & 0x10) === 0 || (first & 0x07) !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++];
    if (extension === undefined) return false;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  const tag = payload[offset];
  return tag !== undefined && (tag & 0x01) === 0;
}
