/**
 * A simulcast publisher: one VP8 m-section sending three pre-encoded layers, each on its own SSRC,
 * announced as rid-based simulcast (`a=rid:<rid> send` + `a=simulcast:send`), every packet carrying
 * the MID and RTP stream id header extensions at the ids the target's answer gave them, as a browser
 * with `sendEncodings` sends them. Unlike LoadPublisher it answers keyframe requests (PLI, FIR) the
 * way an encoder does, with a keyframe on the next frame of that layer, because a layer switch waits
 * for one: without that, switch time would measure the clip's keyframe interval, not the SFU.
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import sdpTransform from 'sdp-transform';
import type { Clip, FrameSize } from './media.js';
import { NdcPeer, type Description } from './ndcPeer.js';
import { connectTimeoutMs, maxLagMs, tickMs, waitOpen, type PublisherCounters } from './publisher.js';
import { keyframeRequestSsrcs, rtpPacket, senderReport, vp8Payloads, type HeaderExtension } from './rtp.js';
import type { Feed, LoadTarget, Publication } from './target.js';

const vp8PayloadType = 96;
const midUri = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const ridUri = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
/** The ids offered; the answer's are the ones used. MID at mediasoup's id 1 (see src/sdp/publishedSection.ts). */
const offeredIds = { mid: 1, rid: 2 };
const mid = '0';
/** How often each layer sends an RTCP sender report (libwebrtc: about once a second for video). */
const senderReportMs = 1_000;

/** One layer as the publisher is told to send it. */
export interface SimulcastLayerMedia {
  /** Its RTP stream id. The SFU ranks RIDs asciibetically, best first (f > h > q). */
  rid: string;
  size: FrameSize;
  /** The rate the clip was encoded at, kbit/s. */
  kbps: number;
  clip: Clip;
}

export interface LayerCounters {
  packets: number;
  /** RTP bytes handed to libdatachannel (before SRTP). */
  bytes: number;
  /** PLI/FIR entries that named this layer's SSRC. */
  keyframeRequests: number;
  /** Inter frames replaced by a keyframe because a request was pending. */
  keyframesOnRequest: number;
}

/** A layer being sent: what it is, its SSRC and its counters. */
export interface PublishedLayer {
  rid: string;
  size: FrameSize;
  kbps: number;
  ssrc: number;
  counters: LayerCounters;
}

/** One looping clip on one layer's SSRC, pacing its frames on the wall clock. */
class LayerSender {
  #index = 0;
  #loop = 0;
  #sequence = randomInt(0x10000);
  readonly #timestampBase = randomInt(2 ** 31);
  #pictureId = randomInt(0x8000);
  #keyframeRequested = false;
  /** RTP payload octets sent, for sender reports. */
  #payloadOctets = 0;
  /** Per frame index, the index of the last keyframe at or before it (the one sent on request). */
  readonly #keyframeAtOrBefore: number[];

  constructor(
    private readonly track: ndc.Track,
    readonly layer: PublishedLayer,
    private readonly clip: Clip,
    private readonly extensions: readonly HeaderExtension[],
    private readonly totals: PublisherCounters,
  ) {
    let last = 0;
    this.#keyframeAtOrBefore = clip.frames.map((frame, i) => (frame.keyframe ? (last = i) : last));
  }

  requestKeyframe(): void {
    this.layer.counters.keyframeRequests += 1;
    this.#keyframeRequested = true;
  }

  /**
   * An RTCP sender report mapping `elapsedMs` (since the sender started, at wall-clock `nowMs`) to
   * this layer's RTP clock. mediasoup switches a consumer between simulcast layers only once every
   * layer involved has had one: it aligns their timestamps through them.
   */
  senderReport(elapsedMs: number, nowMs: number): Buffer {
    const rtpTimestamp = this.#timestampBase + Math.round((elapsedMs * this.clip.clockRate) / 1000);
    return senderReport({ ssrc: this.layer.ssrc, wallClockMs: nowMs, rtpTimestamp, packets: this.layer.counters.packets, octets: this.#payloadOctets });
  }

  get #nextDueMs(): number {
    return ((this.#loop * this.clip.duration + this.clip.frames[this.#index]!.timestamp) * 1000) / this.clip.clockRate;
  }

  /** Sends every frame due by `elapsedMs`; frames more than `maxLagMs` late are skipped. */
  sendDue(elapsedMs: number): void {
    for (let sent = 0; sent < this.clip.frames.length && this.#nextDueMs <= elapsedMs; sent++) {
      if (elapsedMs - this.#nextDueMs > maxLagMs) this.totals.skippedFrames += 1;
      else this.#send();
      if (++this.#index === this.clip.frames.length) {
        this.#index = 0;
        this.#loop += 1;
      }
    }
  }

  #send(): void {
    let frame = this.clip.frames[this.#index]!;
    if (this.#keyframeRequested) {
      // The clip's own keyframe bytes at this frame's time: the SFU reads only the VP8 header, and the size is a real keyframe's.
      if (!frame.keyframe) {
        frame = this.clip.frames[this.#keyframeAtOrBefore[this.#index]!]!;
        this.layer.counters.keyframesOnRequest += 1;
      }
      this.#keyframeRequested = false;
    }
    const timestamp = this.#timestampBase + this.#loop * this.clip.duration + this.clip.frames[this.#index]!.timestamp;
    if (!this.track.isOpen()) {
      this.totals.sendFailures += 1;
      return;
    }
    const payloads = vp8Payloads(frame.data, this.#pictureId++);
    for (const [i, payload] of payloads.entries()) {
      const header = { payloadType: vp8PayloadType, sequenceNumber: this.#sequence++, timestamp, ssrc: this.layer.ssrc, marker: i === payloads.length - 1 };
      const packet = rtpPacket(header, payload, this.extensions);
      try {
        this.track.sendMessageBinary(packet);
      } catch {
        this.totals.sendFailures += 1;
        return;
      }
      this.layer.counters.packets += 1;
      this.layer.counters.bytes += packet.length;
      this.#payloadOctets += payload.length;
      this.totals.videoPackets += 1;
      this.totals.bytes += packet.length;
    }
  }
}

/** A publisher of one simulcast VP8 track with the given layers, sending until `close()`. */
export class SimulcastPublisher {
  readonly counters: PublisherCounters = { videoPackets: 0, audioPackets: 0, bytes: 0, skippedFrames: 0, sendFailures: 0 };
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly peer: NdcPeer,
    private readonly publication: Publication,
    /** Held for the publisher's life: a collected track object stops sending (see subscriber.ts). */
    private readonly track: ndc.Track,
    readonly layers: readonly PublishedLayer[],
  ) {}

  /** What subscribers pull: one video track. */
  get feed(): Feed {
    return this.publication.feed;
  }

  /** Offers the layers to `target`, waits for the transport, and starts sending every layer. */
  static async create(target: LoadTarget, media: readonly SimulcastLayerMedia[], label = 'simulcast'): Promise<SimulcastPublisher> {
    const peer = new NdcPeer(`${label}-publisher`);
    try {
      const layers: PublishedLayer[] = media.map(({ rid, size, kbps }) => ({
        rid,
        size,
        kbps,
        ssrc: randomInt(1, 2 ** 31),
        counters: { packets: 0, bytes: 0, keyframeRequests: 0, keyframesOnRequest: 0 },
      }));
      const video = new ndc.Video(mid, 'SendOnly');
      video.addVP8Codec(vp8PayloadType);
      // Declared so libdatachannel routes the SFU's PLIs for these SSRCs to this track; the RIDs name the layers.
      for (const layer of layers) video.addSSRC(layer.ssrc, label, `${label}-stream`, `${label}-video`);
      for (const line of simulcastLines(layers.map((l) => l.rid))) video.parseSdpLine(line);
      const track = peer.pc.addTrack(video);
      peer.pc.onStateChange((state) => {
        if (state === 'disconnected' || state === 'failed') console.error(`simulcast publisher ${label}: connection ${state} at ${new Date().toISOString()}`);
      });
      const publication = await target.publish(await peer.offer(), [{ mid, kind: 'video' }], label);
      peer.accept(publication.answer);
      const ids = answeredExtensionIds(publication.answer);
      await waitOpen([track], connectTimeoutMs, 'simulcast publisher');
      const publisher = new SimulcastPublisher(peer, publication, track, layers);
      const senders = layers.map((layer, i) => {
        const extensions = [
          { id: ids.mid, value: Buffer.from(mid) },
          { id: ids.rid, value: Buffer.from(layer.rid) },
        ];
        return new LayerSender(track, layer, media[i]!.clip, extensions, publisher.counters);
      });
      track.onMessage((packet) => {
        for (const ssrc of keyframeRequestSsrcs(packet)) senders.find((s) => s.layer.ssrc === ssrc)?.requestKeyframe();
      });
      publisher.#start(senders);
      return publisher;
    } catch (error) {
      peer.close();
      throw error;
    }
  }

  #start(senders: LayerSender[]): void {
    const startedAt = performance.now();
    let nextReportMs = 0;
    this.#timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      for (const sender of senders) sender.sendDue(elapsed);
      if (elapsed < nextReportMs) return;
      nextReportMs = elapsed + senderReportMs;
      for (const sender of senders) this.#sendRtcp(sender.senderReport(elapsed, Date.now()));
    }, tickMs);
  }

  #sendRtcp(packet: Buffer): void {
    try {
      // With no media handler on the track, libdatachannel sends RTCP as control, whatever the direction.
      if (this.track.isOpen()) this.track.sendMessageBinary(packet);
    } catch {
      this.counters.sendFailures += 1;
    }
  }

  /** Whether the track has closed under the publisher: nothing is sent any more. */
  get lost(): boolean {
    return !this.track.isOpen();
  }

  /** Stops sending, ends the publication on the target (best effort) and closes the peer. Safe twice. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.publication.close();
    } catch {
      // The target may be gone already.
    } finally {
      this.peer.close();
    }
  }
}

/** The SDP lines (beyond codecs and SSRCs) of a rid-based simulcast send section, layers as listed. */
function simulcastLines(rids: readonly string[]): string[] {
  return [
    `a=extmap:${offeredIds.mid} ${midUri}`,
    `a=extmap:${offeredIds.rid} ${ridUri}`,
    ...rids.map((rid) => `a=rid:${rid} send`),
    `a=simulcast:send ${rids.join(';')}`,
  ];
}

/** The MID and RTP stream id extension ids of the answer's video section; without both the layers cannot be told apart. */
function answeredExtensionIds(answer: Description): { mid: number; rid: number } {
  const section = sdpTransform.parse(answer.sdp).media.find((m) => m.type === 'video');
  const idOf = (uri: string): number | undefined => section?.ext?.find((e) => e.uri === uri)?.value;
  const midId = idOf(midUri);
  const ridId = idOf(ridUri);
  if (midId === undefined || ridId === undefined) throw new Error(`the target's answer lacks the MID or RTP stream id extension, so the layers cannot be sent: ${answer.sdp}`);
  return { mid: midId, rid: ridId };
}
