import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket } from '../../src/service/adapters/packet.js';
import { PcmFramer } from '../../src/service/adapters/PcmFramer.js';

describe('the adapter Packet protobuf', () => {
  it('encodes the fields with their tags, varints and length prefix', () => {
    const bytes = encodePacket({ sequenceNumber: 300, timestamp: 1, payload: Buffer.from([0xaa, 0xbb]) });
    expect([...bytes]).toEqual([0x08, 0xac, 0x02, 0x10, 0x01, 0x2a, 0x02, 0xaa, 0xbb]);
  });

  it('omits zero fields as proto3 does and round-trips the largest uint32', () => {
    expect([...encodePacket({ sequenceNumber: 0, timestamp: 0, payload: Buffer.alloc(0) })]).toEqual([]);
    const packet = { sequenceNumber: 0xffffffff, timestamp: 0x80000000, payload: Buffer.alloc(3840, 7) };
    const decoded = decodePacket(encodePacket(packet));
    expect(decoded.sequenceNumber).toBe(0xffffffff);
    expect(decoded.timestamp).toBe(0x80000000);
    expect(Buffer.from(decoded.payload).equals(packet.payload)).toBe(true);
  });
});

describe('PcmFramer', () => {
  it('cuts 20 ms frames, numbering by one and stamping in 48 kHz samples', () => {
    const framer = new PcmFramer();
    expect(framer.push(Buffer.alloc(3000))).toEqual([]);
    const frames = framer.push(Buffer.alloc(3840 * 2));
    expect(frames.map((f) => [f.sequenceNumber, f.timestamp, f.payload.length])).toEqual([
      [0, 0, 3840],
      [1, 960, 3840],
    ]);
  });
});
