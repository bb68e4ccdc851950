/**
 * What one subscriber's receiver counts for one RTP stream: packets, bytes, loss from sequence
 * number gaps (RFC 3550 appendix A.3: expected from the extended highest sequence number, minus
 * received) and interarrival jitter (RFC 3550 section 6.4.1, in the codec's clock).
 */
export class StreamStats {
  packets = 0;
  bytes = 0;
  /** Interarrival jitter in clock units (RFC 3550's J, smoothed by 1/16). */
  jitter = 0;
  #baseSeq = -1;
  /** Extended (wrap-counted) highest sequence number seen. */
  #highestSeq = -1;
  #lastTransit: number | undefined;

  constructor(
    /** RTP clock rate of the stream's codec (90,000 for video, 48,000 for Opus). */
    readonly clockRate: number,
  ) {}

  /** Counts one packet that arrived at `arrivalMs` (any monotonic millisecond clock). */
  record(sequenceNumber: number, timestamp: number, bytes: number, arrivalMs: number): void {
    this.packets += 1;
    this.bytes += bytes;
    if (this.#highestSeq < 0) {
      this.#baseSeq = sequenceNumber;
      this.#highestSeq = sequenceNumber;
    } else {
      // The candidate extended number nearest the highest seen: handles wrap and reordering.
      const cycles = this.#highestSeq - (this.#highestSeq & 0xffff);
      let extended = cycles + sequenceNumber;
      if (extended - this.#highestSeq > 0x8000) extended -= 0x10000;
      else if (this.#highestSeq - extended > 0x8000) extended += 0x10000;
      if (extended > this.#highestSeq) this.#highestSeq = extended;
    }
    const transit = (arrivalMs * this.clockRate) / 1000 - timestamp;
    if (this.#lastTransit !== undefined) {
      let d = Math.abs(transit - this.#lastTransit);
      // A 32-bit timestamp wrap shows as a jump of about 2^32 clock units.
      if (d > 2 ** 31) d = Math.abs(d - 2 ** 32);
      this.jitter += (d - this.jitter) / 16;
    }
    this.#lastTransit = transit;
  }

  /** Packets the sequence numbers say were sent since the first one received. */
  get expected(): number {
    return this.#highestSeq < 0 ? 0 : this.#highestSeq - this.#baseSeq + 1;
  }

  /** Jitter in milliseconds. */
  get jitterMs(): number {
    return (this.jitter * 1000) / this.clockRate;
  }

  /** The counters at this instant, to subtract from a later one. */
  snapshot(): StreamSnapshot {
    return { packets: this.packets, bytes: this.bytes, expected: this.expected };
  }
}

export interface StreamSnapshot {
  packets: number;
  bytes: number;
  expected: number;
}
