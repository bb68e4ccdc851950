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

/** One RTP header extension element: its negotiated id (1 to 14) and 1 to 16 bytes of value. */
export interface HeaderExtension {
  id: number;
  value: Buffer;
}

/**
 * A 12-byte RTP header (version 2, no padding, no CSRC), then the header extensions if any (RFC
 * 8285 one-byte form: 0xBEDE, length in words, elements padded to a word), then the payload.
 */
export function rtpPacket(header: RtpHeader, payload: Buffer, extensions: readonly HeaderExtension[] = []): Buffer {
  const elements = extensions.reduce((sum, e) => sum + 1 + e.value.length, 0);
  const extensionBytes = extensions.length > 0 ? 4 + Math.ceil(elements / 4) * 4 : 0;
  const packet = Buffer.allocUnsafe(12 + extensionBytes + payload.length);
  packet[0] = 0x80 | (extensions.length > 0 ? 0x10 : 0);
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  if (extensions.length > 0) {
    packet.fill(0, 12, 12 + extensionBytes);
    packet.writeUInt16BE(0xbede, 12);
    packet.writeUInt16BE((extensionBytes - 4) / 4, 14);
    let offset = 16;
    for (const { id, value } of extensions) {
      if (id < 1 || id > 14 || value.length < 1 || value.length > 16) throw new Error(`header extension id ${id} with ${value.length} bytes does not fit the one-byte form`);
      packet[offset++] = (id << 4) | (value.length - 1);
      value.copy(packet, offset);
      offset += value.length;
    }
  }
  payload.copy(packet, 12 + extensionBytes);
  return packet;
}

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const ntpEpochOffset = 2_208_988_800;

/**
 * An RTCP sender report with no report blocks (RFC 3550 section 6.4.1): the sender's wall clock as
 * NTP time, the RTP timestamp of that instant, and the packets and payload octets sent so far.
 */
export function senderReport(report: { ssrc: number; wallClockMs: number; rtpTimestamp: number; packets: number; octets: number }): Buffer {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2);
  packet.writeUInt32BE(report.ssrc >>> 0, 4);
  const seconds = Math.floor(report.wallClockMs / 1000);
  packet.writeUInt32BE((seconds + ntpEpochOffset) >>> 0, 8);
  packet.writeUInt32BE(Math.floor(((report.wallClockMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0, 12);
  packet.writeUInt32BE(report.rtpTimestamp >>> 0, 16);
  packet.writeUInt32BE(report.packets >>> 0, 20);
  packet.writeUInt32BE(report.octets >>> 0, 24);
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
 * The value of header extension `id` in an RTP packet (RFC 8285: one-byte 0xBEDE or two-byte
 * 0x100x form), or undefined when the packet has no such element.
 */
export function headerExtension(packet: Buffer, id: number): Buffer | undefined {
  if (packet.length < 12 || (packet[0]! & 0x10) === 0) return undefined;
  const start = 12 + (packet[0]! & 0x0f) * 4;
  if (packet.length < start + 4) return undefined;
  const profile = packet.readUInt16BE(start);
  const end = start + 4 + packet.readUInt16BE(start + 2) * 4;
  if (end > packet.length) return undefined;
  const oneByte = profile === 0xbede;
  if (!oneByte && (profile & 0xfff0) !== 0x1000) return undefined;
  // Bounded by the extension block: each step moves at least one byte.
  for (let offset = start + 4; offset < end; ) {
    const elementId = oneByte ? packet[offset]! >> 4 : packet[offset]!;
    if (elementId === 0) {
      offset += 1; // padding
      continue;
    }
    if (oneByte && elementId === 15) return undefined; // reserved: stop parsing
    const length = oneByte ? (packet[offset]! & 0x0f) + 1 : (packet[offset + 1] ?? 0);
    const value = offset + (oneByte ? 1 : 2);
    if (value + length > end) return undefined;
    if (elementId === id) return packet.subarray(value, value + length);
    offset = value + length;
  }
  return undefined;
}

/**
 * Where the VP8 payload header (the frame tag) starts in an RTP payload that starts a frame (S=1,
 * partition 0 in the descriptor of RFC 7741 section 4.2), or undefined for any other payload.
 */
function vp8FrameStart(payload: Buffer): number | undefined {
  if (payload.length < 1) return undefined;
  const first = payload[0]!;
  if ((first & 0x10) === 0 || (first & 0x07) !== 0) return undefined;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++];
    if (extension === undefined) return undefined;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  return offset < payload.length ? offset : undefined;
}

/**
 * Whether a VP8 RTP payload starts a keyframe: S=1 and partition 0 in the descriptor, then the
 * VP8 frame tag's inverse keyframe bit P = 0 (RFC 7741 sections 4.2 and 4.3).
 */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  const offset = vp8FrameStart(payload);
  return offset !== undefined && (payload[offset]! & 0x01) === 0;
}

/**
 * The frame size a VP8 keyframe's first RTP payload declares, or undefined for any other payload:
 * after the 3-byte frame tag, the start code 9d 01 2a and two 14-bit little-endian sizes (RFC 6386
 * section 9.1). A simulcast subscriber tells its layers apart by it (the SFU rewrites SSRCs).
 */
export function vp8KeyframeSize(payload: Buffer): { width: number; height: number } | undefined {
  const offset = vp8FrameStart(payload);
  if (offset === undefined || (payload[offset]! & 0x01) !== 0 || payload.length < offset + 10) return undefined;
  if (payload[offset + 3] !== 0x9d || payload[offset + 4] !== 0x01 || payload[offset + 5] !== 0x2a) return undefined;
  return { width: payload.readUInt16LE(offset + 6) & 0x3fff, height: payload.readUInt16LE(offset + 8) & 0x3fff };
}

/**
 * The media SSRCs an RTCP compound packet asks keyframes of: PLI (payload-specific feedback 206,
 * FMT 1: the media source SSRC) and FIR (FMT 4: the SSRC of each FCI entry), RFC 4585 and 5104.
 */
export function keyframeRequestSsrcs(packet: Buffer): number[] {
  const ssrcs: number[] = [];
  // Bounded by the packet: each step moves past one RTCP packet of at least 4 bytes.
  for (let offset = 0; offset + 4 <= packet.length; ) {
    if (packet[offset]! >> 6 !== 2) break;
    const format = packet[offset]! & 0x1f;
    const type = packet[offset + 1]!;
    const end = offset + (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (end > packet.length) break;
    if (type === 206 && format === 1 && end >= offset + 12) ssrcs.push(packet.readUInt32BE(offset + 8));
    if (type === 206 && format === 4) for (let fci = offset + 12; fci + 8 <= end; fci += 8) ssrcs.push(packet.readUInt32BE(fci));
    offset = end;
  }
  return ssrcs;
}
