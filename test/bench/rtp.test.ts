/** The load generator's hand-written RTP and RTCP: what the simulcast publisher and subscribers put on the wire. */
import { describe, expect, it } from 'vitest';
import { headerExtension, keyframeRequestSsrcs, parseRtp, rtpPacket, senderReport, vp8KeyframeSize, vp8Payloads } from '../../bench/load/rtp.js';
import { TransportFeedback } from '../../bench/load/transportFeedback.js';

const header = { payloadType: 96, sequenceNumber: 7, timestamp: 90_000, ssrc: 0x01020304, marker: true };

describe('load generator RTP', () => {
  it('writes one-byte header extensions that parse back, with the payload after them', () => {
    const payload = Buffer.from([1, 2, 3]);
    const packet = rtpPacket(header, payload, [
      { id: 1, value: Buffer.from('0') },
      { id: 2, value: Buffer.from('f') },
    ]);
    expect(headerExtension(packet, 1)?.toString()).toBe('0');
    expect(headerExtension(packet, 2)?.toString()).toBe('f');
    expect(headerExtension(packet, 3)).toBeUndefined();
    const parsed = parseRtp(packet)!;
    expect(packet.subarray(parsed.payloadOffset)).toEqual(payload);
    expect(parsed).toMatchObject(header);
  });

  it("reads a VP8 keyframe's frame size and nothing from an inter frame", () => {
    // Frame tag (keyframe: bit 0 clear), start code, 1280 x 720 little-endian.
    const keyframe = Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02, 0xff]);
    const [first] = vp8Payloads(keyframe, 5);
    expect(vp8KeyframeSize(first!)).toEqual({ width: 1280, height: 720 });
    const [inter] = vp8Payloads(Buffer.from([0x11, 0x02, 0x00, 0x00]), 6);
    expect(vp8KeyframeSize(inter!)).toBeUndefined();
  });

  it('finds the SSRCs a compound RTCP packet asks keyframes of (PLI and FIR)', () => {
    const rr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 9]);
    const pli = Buffer.from([0x81, 206, 0, 2, 0, 0, 0, 9, 0, 0, 0, 42]);
    const fir = Buffer.from([0x84, 206, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 43, 1, 0, 0, 0]);
    expect(keyframeRequestSsrcs(Buffer.concat([rr, pli, fir]))).toEqual([42, 43]);
  });

  it('writes a sender report mapping wall clock to the RTP clock', () => {
    const sr = senderReport({ ssrc: 5, wallClockMs: 1_500, rtpTimestamp: 1234, packets: 10, octets: 9000 });
    expect(sr.length).toBe(28);
    expect(sr[1]).toBe(200);
    expect(sr.readUInt32BE(8)).toBe(2_208_988_801);
    expect(sr.readUInt32BE(12)).toBe(2 ** 31);
    expect([sr.readUInt32BE(16), sr.readUInt32BE(20), sr.readUInt32BE(24)]).toEqual([1234, 10, 9000]);
  });
});

describe('transport-wide congestion feedback', () => {
  it('reports received and missing sequence numbers with their arrival deltas', () => {
    const feedback = new TransportFeedback(1);
    feedback.record(0xfffe, 1_000);
    feedback.record(0xffff, 1_001);
    feedback.record(1, 1_100); // 0 lost, across the wrap; 99 ms: a large delta
    const packet = feedback.build(77)!;
    expect([packet[0]! & 0x1f, packet[1]]).toEqual([15, 205]);
    expect(packet.readUInt16BE(2)).toBe(packet.length / 4 - 1);
    expect(packet.readUInt32BE(8)).toBe(77);
    expect([packet.readUInt16BE(12), packet.readUInt16BE(14)]).toEqual([0xfffe, 4]);
    expect(packet.readUIntBE(16, 3)).toBe(Math.floor(1_000 / 64));
    // Run-length chunks: 2 small deltas, 1 not received, 1 large delta.
    expect([packet.readUInt16BE(20), packet.readUInt16BE(22), packet.readUInt16BE(24)]).toEqual([(1 << 13) | 2, 1, (2 << 13) | 1]);
    // Deltas in 250 µs: 1,000 ms is 40 ms past the 64 ms reference tick; then 1 ms; then 99 ms.
    expect([packet[26], packet[27], packet.readInt16BE(28)]).toEqual([160, 4, 396]);
    expect(feedback.build(77)).toBeUndefined();
  });
});
