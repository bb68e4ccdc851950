/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01),
 * as a browser's receiver sends it: every packet's transport-wide sequence number and arrival time,
 * reported in an RTCP RTPFB (PT 205, FMT 15) packet every ~100 ms. mediasoup estimates a
 * subscriber's bandwidth from it and picks simulcast layers within that estimate; without it the
 * estimate stays at the transport's initial 600 kbit/s and then decays, and a subscriber never gets
 * a 1.5 Mbit/s layer however it asks.
 */

/** Status symbols of RFC draft section 3.1.1. */
const notReceived = 0;
const smallDelta = 1;
const largeDelta = 2;
/** Receive deltas are in 250 µs ticks; the reference time in 64 ms ticks. */
const deltaTickMs = 0.25;
const referenceTickMs = 64;
/** One feedback packet covers at most this many sequence numbers (older ones are given up on). */
const maxStatusCount = 4_096;
/** A run-length chunk holds at most 2^13 - 1 statuses. */
const maxRun = 0x1fff;

/** The arrivals one PeerConnection has not reported yet, and the feedback packets that report them. */
export class TransportFeedback {
  /** Extended (wrap-counted) sequence number -> arrival, ms. */
  readonly #arrivals = new Map<number, number>();
  #highest = -1;
  /** The first sequence number the next feedback covers. */
  #nextBase = -1;
  #feedbackCount = 0;

  constructor(
    /** SSRC the feedback is sent as (any of the receiver's own). */
    private readonly senderSsrc: number,
  ) {}

  /** Counts one packet's transport-wide sequence number (16 bits, as on the wire) arriving at `arrivalMs`. */
  record(sequenceNumber: number, arrivalMs: number): void {
    let extended = sequenceNumber;
    if (this.#highest >= 0) {
      extended = this.#highest - (this.#highest & 0xffff) + sequenceNumber;
      if (extended - this.#highest > 0x8000) extended -= 0x10000;
      else if (this.#highest - extended > 0x8000) extended += 0x10000;
    }
    if (this.#nextBase < 0) this.#nextBase = extended;
    // Already reported as lost (it came too late): libwebrtc may report it again; we leave it out.
    if (extended < this.#nextBase) return;
    this.#arrivals.set(extended, arrivalMs);
    if (extended > this.#highest) this.#highest = extended;
  }

  /** The feedback for everything since the last one (`mediaSsrc`: a stream it concerns), or undefined when nothing arrived. */
  build(mediaSsrc: number): Buffer | undefined {
    if (this.#arrivals.size === 0) return undefined;
    const base = Math.max(this.#nextBase, this.#highest - maxStatusCount + 1);
    const count = this.#highest - base + 1;
    const arrivals: (number | undefined)[] = [];
    for (let seq = base; seq <= this.#highest; seq++) arrivals.push(this.#arrivals.get(seq));
    this.#arrivals.clear();
    this.#nextBase = this.#highest + 1;

    const first = arrivals.find((a) => a !== undefined)!;
    const reference = Math.floor(first / referenceTickMs);
    let previous = reference * referenceTickMs;
    const statuses: number[] = [];
    const deltas: number[] = [];
    for (const arrival of arrivals) {
      if (arrival === undefined) {
        statuses.push(notReceived);
        continue;
      }
      const delta = Math.round((arrival - previous) / deltaTickMs);
      previous += delta * deltaTickMs;
      statuses.push(delta >= 0 && delta <= 0xff ? smallDelta : largeDelta);
      deltas.push(Math.max(-0x8000, Math.min(0x7fff, delta)));
    }
    const chunks = runLengthChunks(statuses);
    const deltaBytes = statuses.reduce((sum, status) => sum + (status === smallDelta ? 1 : status === largeDelta ? 2 : 0), 0);
    const length = 20 + chunks.length * 2 + deltaBytes;
    const packet = Buffer.alloc(Math.ceil(length / 4) * 4);
    packet[0] = 0x80 | 15;
    packet[1] = 205;
    packet.writeUInt16BE(packet.length / 4 - 1, 2);
    packet.writeUInt32BE(this.senderSsrc >>> 0, 4);
    packet.writeUInt32BE(mediaSsrc >>> 0, 8);
    packet.writeUInt16BE(base & 0xffff, 12);
    packet.writeUInt16BE(count, 14);
    packet.writeUIntBE(reference & 0xffffff, 16, 3);
    packet[19] = this.#feedbackCount++ & 0xff;
    let offset = 20;
    for (const chunk of chunks) offset = packet.writeUInt16BE(chunk, offset);
    let received = 0;
    for (const status of statuses) {
      if (status === notReceived) continue;
      const delta = deltas[received++]!;
      offset = status === smallDelta ? packet.writeUInt8(delta, offset) : packet.writeInt16BE(delta, offset);
    }
    return packet;
  }
}

/** Run-length chunks (T=0, 2-bit symbol, 13-bit run) for the statuses, in order. */
function runLengthChunks(statuses: number[]): number[] {
  const chunks: number[] = [];
  for (let i = 0; i < statuses.length; ) {
    const symbol = statuses[i]!;
    let run = 1;
    while (i + run < statuses.length && statuses[i + run] === symbol && run < maxRun) run += 1;
    chunks.push((symbol << 13) | run);
    i += run;
  }
  return chunks;
}
