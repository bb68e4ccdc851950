/**
 * A subscriber that pulls feeds from a load target (ours: tracks/new without an offer -> the
 * SFU's offer -> our answer -> renegotiate; Janus: a VideoRoom subscriber) and counts what arrives
 * per stream: packets, bytes, sequence gaps, jitter, and when the first packet and the first VP8
 * keyframe came.
 */
import ndc from 'node-datachannel';
import { NdcPeer } from './ndcPeer.js';
import { isVp8KeyframeStart, parseRtp } from './rtp.js';
import { StreamStats } from './streamStats.js';
import type { Feed, LoadTarget, MediaKind, PendingPull, PullRequest } from './target.js';

const clockRates = { video: 90_000, audio: 48_000 } as const;

/** One pulled stream: which feed and kind, and its counters. */
export interface PulledStream {
  feed: Feed;
  kind: MediaKind;
  stats: StreamStats;
}

export class LoadSubscriber {
  /** One per pulled m-section, present once libdatachannel announced its track. */
  readonly streams: PulledStream[] = [];
  /** ms from starting the pull to the first RTP packet of any stream, and to the first video keyframe. */
  firstPacketMs: number | undefined;
  firstKeyframeMs: number | undefined;
  /** Packets that were not RTP for a pulled kind (RTCP comes through the handler too). */
  otherPackets = 0;
  /**
   * The tracks and their handlers, held for the subscriber's life: node-datachannel drops a
   * track's callbacks when its JS object is garbage-collected, and the stream then goes silent.
   */
  readonly #held: unknown[] = [];
  #closed = false;

  private constructor(
    private readonly peer: NdcPeer,
    private readonly pending: PendingPull,
  ) {}

  /** Negotiates the pull; resolves once the target took the answer, not when media flows. */
  static async create(target: LoadTarget, request: PullRequest, name?: string): Promise<LoadSubscriber> {
    const peer = new NdcPeer(name);
    let pending: PendingPull | undefined;
    try {
      const start = performance.now();
      pending = await target.pull(request, name ?? 'subscriber');
      const subscriber = new LoadSubscriber(peer, pending);
      subscriber.#listen(start);
      await pending.complete(await peer.answer(pending.offer));
      return subscriber;
    } catch (error) {
      await pending?.close().catch(() => undefined);
      peer.close();
      throw error;
    }
  }

  #listen(pullStart: number): void {
    this.peer.pc.onTrack((track) => {
      const pulled = this.pending.tracks.get(track.mid());
      if (!pulled) return;
      const stream: PulledStream = { ...pulled, stats: new StreamStats(clockRates[pulled.kind]) };
      this.streams.push(stream);
      // RtcpReceivingSession answers with receiver reports and passes the RTP packets on.
      const session = new ndc.RtcpReceivingSession();
      track.setMediaHandler(session);
      this.#held.push(track, session);
      track.onMessage((packet) => this.#receive(stream, packet, pullStart));
    });
  }

  #receive(stream: PulledStream, packet: Buffer, pullStart: number): void {
    const now = performance.now();
    const header = parseRtp(packet);
    if (!header) {
      this.otherPackets += 1;
      return;
    }
    stream.stats.record(header.sequenceNumber, header.timestamp, packet.length, now);
    this.firstPacketMs ??= now - pullStart;
    if (stream.kind === 'video' && this.firstKeyframeMs === undefined && isVp8KeyframeStart(packet.subarray(header.payloadOffset))) {
      this.firstKeyframeMs = now - pullStart;
    }
  }

  /** The first pulled stream of `kind`, if it has been announced. */
  stream(kind: MediaKind): PulledStream | undefined {
    return this.streams.find((s) => s.kind === kind);
  }

  /** The PeerConnection's state (connected, disconnected, failed, ...). */
  get connectionState(): string {
    return this.peer.state;
  }

  /** Ends the pull on the target (so its consumers go at once) and closes the peer. Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.pending.close();
    } finally {
      this.peer.close();
    }
  }
}
