/**
 * A subscriber that pulls feeds from a load target (ours: tracks/new without an offer -> the
 * SFU's offer -> our answer -> renegotiate; Janus: a VideoRoom subscriber) and counts what arrives
 * per stream: packets, bytes, sequence gaps, jitter, when the first packet and the first VP8
 * keyframe came, and each keyframe's frame size (a simulcast layer's). Optionally it sends
 * transport-wide congestion feedback, as browsers do.
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import sdpTransform from 'sdp-transform';
import { NdcPeer, type Description } from './ndcPeer.js';
import { headerExtension, isVp8KeyframeStart, parseRtp, vp8KeyframeSize } from './rtp.js';
import { StreamStats } from './streamStats.js';
import { TransportFeedback } from './transportFeedback.js';
import type { Feed, LoadTarget, MediaKind, PendingPull, PullRequest } from './target.js';

const clockRates = { video: 90_000, audio: 48_000 } as const;
/** Keyframe arrivals kept per video stream, newest last (a keyframe every 2 s, more on PLI). */
const keyframeLogLength = 256;
const transportCcUri = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
/** How often congestion feedback goes out (libwebrtc: every 50 to 250 ms, by rate). */
const feedbackIntervalMs = 100;

export interface SubscriberOptions {
  /**
   * Send transport-wide congestion control feedback, as a browser does, instead of
   * libdatachannel's receiver reports, so that the SFU's bandwidth estimate for this subscriber
   * follows what arrives. Simulcast needs it: the SFU picks layers within the estimate.
   * @default false
   */
  congestionFeedback?: boolean;
}

/** A VP8 keyframe's first packet: when it arrived and the frame size it declares. */
export interface KeyframeArrival {
  atMs: number;
  width: number;
  height: number;
}

/** One pulled stream: which feed and kind, and its counters. */
export interface PulledStream {
  feed: Feed;
  kind: MediaKind;
  stats: StreamStats;
  /** Video only: the latest keyframes' arrival and size (how a simulcast subscriber tells layers apart). */
  keyframes: KeyframeArrival[];
}

export class LoadSubscriber {
  /** One per pulled m-section, present once libdatachannel announced its track. */
  readonly streams: PulledStream[] = [];
  /** ms from starting the pull to the first RTP packet of any stream, and to the first video keyframe. */
  firstPacketMs: number | undefined;
  firstKeyframeMs: number | undefined;
  /** Packets that were not the pulled streams' RTP: RTCP (it comes through the handler too), probes and RTX on other SSRCs. */
  otherPackets = 0;
  /**
   * The tracks and their handlers, held for the subscriber's life: node-datachannel drops a
   * track's callbacks when its JS object is garbage-collected, and the stream then goes silent.
   */
  readonly #held: unknown[] = [];
  #closed = false;
  /** By mid: the media SSRC the target's offer announces; packets on other SSRCs (probes, RTX) are not the stream's. */
  readonly #mediaSsrcs: Map<string, number>;
  readonly #feedback: { extensionId: number; state: TransportFeedback; track?: ndc.Track; timer?: NodeJS.Timeout } | undefined;

  private constructor(
    private readonly peer: NdcPeer,
    private readonly pending: PendingPull,
    options: SubscriberOptions,
  ) {
    const offer = describeOffer(pending.offer);
    this.#mediaSsrcs = offer.mediaSsrcs;
    if (options.congestionFeedback && offer.transportCcId !== undefined) {
      this.#feedback = { extensionId: offer.transportCcId, state: new TransportFeedback(randomInt(1, 2 ** 31)) };
    }
  }

  /** Negotiates the pull; resolves once the target took the answer, not when media flows. */
  static async create(target: LoadTarget, request: PullRequest, name?: string, options: SubscriberOptions = {}): Promise<LoadSubscriber> {
    const peer = new NdcPeer(name);
    let pending: PendingPull | undefined;
    try {
      const start = performance.now();
      pending = await target.pull(request, name ?? 'subscriber');
      const subscriber = new LoadSubscriber(peer, pending, options);
      subscriber.#listen(start);
      await pending.complete(await peer.answer(pending.offer));
      subscriber.#startFeedback();
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
      const stream: PulledStream = { ...pulled, stats: new StreamStats(clockRates[pulled.kind]), keyframes: [] };
      this.streams.push(stream);
      this.#held.push(track);
      if (this.#feedback) {
        // No media handler: libdatachannel then sends the feedback (RTCP) even on a receive-only track.
        this.#feedback.track ??= track;
      } else {
        // RtcpReceivingSession answers with receiver reports and passes the RTP packets on.
        const session = new ndc.RtcpReceivingSession();
        track.setMediaHandler(session);
        this.#held.push(session);
      }
      const ssrc = this.#mediaSsrcs.get(track.mid());
      track.onMessage((packet) => this.#receive(stream, ssrc, packet, pullStart));
    });
  }

  #startFeedback(): void {
    const feedback = this.#feedback;
    if (!feedback) return;
    feedback.timer = setInterval(() => {
      const track = feedback.track;
      const packet = track?.isOpen() ? feedback.state.build(this.#mediaSsrcs.get(track.mid()) ?? 0) : undefined;
      if (!packet) return;
      try {
        track!.sendMessageBinary(packet);
      } catch {
        // The track closed between the check and the send.
      }
    }, feedbackIntervalMs);
  }

  #receive(stream: PulledStream, mediaSsrc: number | undefined, packet: Buffer, pullStart: number): void {
    const now = performance.now();
    const header = parseRtp(packet);
    if (!header) {
      this.otherPackets += 1;
      return;
    }
    if (this.#feedback) {
      const sequence = headerExtension(packet, this.#feedback.extensionId);
      if (sequence && sequence.length >= 2) this.#feedback.state.record(sequence.readUInt16BE(0), now);
    }
    if (mediaSsrc !== undefined && header.ssrc !== mediaSsrc) {
      this.otherPackets += 1;
      return;
    }
    stream.stats.record(header.sequenceNumber, header.timestamp, packet.length, now);
    this.firstPacketMs ??= now - pullStart;
    if (stream.kind !== 'video') return;
    const payload = packet.subarray(header.payloadOffset);
    if (this.firstKeyframeMs === undefined && isVp8KeyframeStart(payload)) this.firstKeyframeMs = now - pullStart;
    const size = vp8KeyframeSize(payload);
    if (size) {
      stream.keyframes.push({ atMs: now, ...size });
      if (stream.keyframes.length > keyframeLogLength) stream.keyframes.shift();
    }
  }

  /** Asks the target for simulcast layer `rid` on every pulled video stream; resolves when it took the request. */
  async setLayer(rid: string): Promise<void> {
    if (!this.pending.setLayer) throw new Error('this target cannot switch simulcast layers');
    for (const [mid, { kind }] of this.pending.tracks) if (kind === 'video') await this.pending.setLayer(mid, rid);
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
    clearInterval(this.#feedback?.timer);
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.pending.close();
    } finally {
      this.peer.close();
    }
  }
}

/** What the subscriber reads from the target's offer: each mid's media SSRC, and the transport-cc extension id. */
function describeOffer(offer: Description): { mediaSsrcs: Map<string, number>; transportCcId: number | undefined } {
  const mediaSsrcs = new Map<string, number>();
  let transportCcId: number | undefined;
  for (const media of sdpTransform.parse(offer.sdp).media) {
    transportCcId ??= media.ext?.find((e) => e.uri === transportCcUri)?.value;
    if (media.mid === undefined) continue;
    // The second SSRC of an FID group is the retransmission stream.
    const repair = new Set((media.ssrcGroups ?? []).filter((g) => g.semantics === 'FID').map((g) => Number(String(g.ssrcs).split(/\s+/)[1])));
    const primary = (media.ssrcs ?? []).map((s) => Number(s.id)).find((id) => !repair.has(id));
    if (primary !== undefined) mediaSsrcs.set(String(media.mid), primary);
  }
  return { mediaSsrcs, transportCcId };
}
