/**
 * The WebSocket adapter's binary message: the protobuf `Packet { uint32 sequenceNumber = 1;
 * uint32 timestamp = 2; bytes payload = 5; }` (Cloudflare's websocket-adapter docs), encoded by
 * hand: two varint fields and one length-delimited field. Zero fields are omitted, as proto3 does.
 */
export interface Packet {
  sequenceNumber: number;
  timestamp: number;
  payload: Uint8Array;
}

const tagSequenceNumber = (1 << 3) | 0;
const tagTimestamp = (2 << 3) | 0;
const tagPayload = (5 << 3) | 2;

export function encodePacket(packet: Packet): Buffer {
  const bytes: number[] = [];
  const sequenceNumber = packet.sequenceNumber >>> 0;
  const timestamp = packet.timestamp >>> 0;
  if (sequenceNumber !== 0) bytes.push(tagSequenceNumber, ...varint(sequenceNumber));
  if (timestamp !== 0) bytes.push(tagTimestamp, ...varint(timestamp));
  if (packet.payload.length > 0) bytes.push(tagPayload, ...varint(packet.payload.length));
  return Buffer.concat([Buffer.from(bytes), packet.payload]);
}

/** The inverse of encodePacket; unknown fields are skipped, as protobuf readers do. */
export function decodePacket(data: Uint8Array): Packet {
  const packet: Packet = { sequenceNumber: 0, timestamp: 0, payload: new Uint8Array(0) };
  let at = 0;
  const readVarint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= data.length) throw new Error('truncated varint');
      const byte = data[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  };
  while (at < data.length) {
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const value = readVarint() >>> 0;
      if (field === 1) packet.sequenceNumber = value;
      else if (field === 2) packet.timestamp = value;
    } else if (wire === 2) {
      const length = readVarint();
      if (at + length > data.length) throw new Error('truncated field');
      if (field === 5) packet.payload = data.subarray(at, at + length);
      at += length;
    } else if (wire === 5) at += 4;
    else if (wire === 1) at += 8;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return packet;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}
