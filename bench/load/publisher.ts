/**
 * A publisher that sends pre-encoded VP8 and Opus as RTP from a libdatachannel peer, each frame at
 * its own timestamp (paced against the wall clock), after offering its tracks to a load target
 * (ours: client offer -> tracks/new -> answer; Janus: VideoRoom publish).
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import type { Clip } from './media.js';
import { NdcPeer } from './ndcPeer.js';
import { rtpPacket, vp8Payloads } from './rtp.js';
import type { Feed, LoadTarget, MediaKind, OfferedTrack, Publication } from './target.js';

/** Payload types the publisher offers (libwebrtc's usual numbers). */
const vp8PayloadType = 96;
const opusPayloadType = 111;
/** How often the pacer looks for due frames; frames leave at most this late. */
export const tickMs = 5;
/** A pacer that fell further behind than this (a stalled event loop) skips ahead instead of bursting. */
export const maxLagMs = 200;
/** How long a publisher waits for its transport to connect. */
export const connectTimeoutMs = 15_000;

export interface PublisherCounters {
  videoPackets: number;
  audioPackets: number;
  /** RTP bytes handed to libdatachannel (before SRTP). */
  bytes: number;
  /** Frames dropped because the pacer fell more than 200 ms behind. */
  skippedFrames: number;
  /** Packets not sent because the track had closed (the connection to the SFU was lost). */
  sendFailures: number;
}

/** One looping clip on one track: its next frame and the RTP state that continues across loops. */
class ClipSender {
  #index = 0;
  #loop = 0;
  #sequence = randomInt(0x10000);
  readonly #timestampBase = randomInt(2 ** 31);
  #pictureId = randomInt(0x8000);

  constructor(
    private readonly track: ndc.Track,
    private readonly clip: Clip,
    private readonly ssrc: number,
    private readonly payloadType: number,
    private readonly counters: PublisherCounters,
    private readonly kind: 'video' | 'audio',
  ) {}

  /** Due time of the next frame, in ms after the sender started. */
  get #nextDueMs(): number {
    const frame = this.clip.frames[this.#index]!;
    return ((this.#loop * this.clip.duration + frame.timestamp) * 1000) / this.clip.clockRate;
  }

  /** Sends every frame due by `elapsedMs`; frames more than `maxLagMs` late are skipped. */
  sendDue(elapsedMs: number): void {
    // Bounded: one pass over the clip at most per tick.
    for (let sent = 0; sent < this.clip.frames.length && this.#nextDueMs <= elapsedMs; sent++) {
      if (elapsedMs - this.#nextDueMs > maxLagMs) this.counters.skippedFrames += 1;
      else this.#send();
      if (++this.#index === this.clip.frames.length) {
        this.#index = 0;
        this.#loop += 1;
      }
    }
  }

  #send(): void {
    const frame = this.clip.frames[this.#index]!;
    const timestamp = this.#timestampBase + this.#loop * this.clip.duration + frame.timestamp;
    if (!this.track.isOpen()) {
      this.counters.sendFailures += 1;
      return;
    }
    const payloads = this.kind === 'video' ? vp8Payloads(frame.data, this.#pictureId++) : [frame.data];
    payloads.forEach((payload, i) => {
      const packet = rtpPacket(
        { payloadType: this.payloadType, sequenceNumber: this.#sequence++, timestamp, ssrc: this.ssrc, marker: this.kind === 'video' && i === payloads.length - 1 },
        payload,
      );
      try {
        this.track.sendMessageBinary(packet);
      } catch {
        // libdatachannel throws when the track closed between the check above and this send.
        this.counters.sendFailures += 1;
        return;
      }
      this.counters.bytes += packet.length;
      if (this.kind === 'video') this.counters.videoPackets += 1;
      else this.counters.audioPackets += 1;
    });
  }
}

/** A publisher with a VP8 and an Opus track (or one of them), sending until `close()`. */
export class LoadPublisher {
  readonly counters: PublisherCounters = { videoPackets: 0, audioPackets: 0, bytes: 0, skippedFrames: 0, sendFailures: 0 };
  #timer: NodeJS.Timeout | undefined;
  #tracks: ndc.Track[] = [];
  #closed = false;

  private constructor(
    private readonly peer: NdcPeer,
    private readonly publication: Publication,
  ) {}

  /** What subscribers pull. */
  get feed(): Feed {
    return this.publication.feed;
  }

  /** Publishes the tracks of `kinds`, waits for the transport, and starts sending. */
  static async create(
    target: LoadTarget,
    media: { video: Clip; audio: Clip },
    label = 'load',
    kinds: readonly MediaKind[] = ['video', 'audio'],
  ): Promise<LoadPublisher> {
    const peer = new NdcPeer(`${label}-publisher`);
    try {
      const offered: (OfferedTrack & { track: ndc.Track; ssrc: number })[] = kinds.map((kind, i) => {
        const ssrc = randomInt(1, 2 ** 31);
        const mid = String(i);
        const description = kind === 'video' ? new ndc.Video(mid, 'SendOnly') : new ndc.Audio(mid, 'SendOnly');
        if (kind === 'video') (description as ndc.Video).addVP8Codec(vp8PayloadType);
        else (description as ndc.Audio).addOpusCodec(opusPayloadType);
        description.addSSRC(ssrc, label, `${label}-stream`, `${label}-${kind}`);
        return { mid, kind, ssrc, track: peer.pc.addTrack(description) };
      });
      // A publisher that drops mid-run explains every silent subscriber after it: say when.
      peer.pc.onStateChange((state) => {
        if (state === 'disconnected' || state === 'failed') console.error(`load publisher ${label}: connection ${state} at ${new Date().toISOString()}`);
      });
      const offer = await peer.offer();
      const publication = await target.publish(offer, offered, label);
      peer.accept(publication.answer);
      const tracks = offered.map((o) => o.track);
      await waitOpen(tracks, connectTimeoutMs);
      const publisher = new LoadPublisher(peer, publication);
      // Held, like the subscribers' tracks: a collected track object stops sending.
      publisher.#tracks = tracks;
      publisher.#start(
        offered.map((o) =>
          o.kind === 'video'
            ? new ClipSender(o.track, media.video, o.ssrc, vp8PayloadType, publisher.counters, 'video')
            : new ClipSender(o.track, media.audio, o.ssrc, opusPayloadType, publisher.counters, 'audio'),
        ),
      );
      return publisher;
    } catch (error) {
      peer.close();
      throw error;
    }
  }

  #start(senders: ClipSender[]): void {
    const startedAt = performance.now();
    this.#timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      for (const sender of senders) sender.sendDue(elapsed);
    }, tickMs);
  }

  /** Whether a track has closed under the publisher (ICE consent or DTLS failed): nothing is sent any more. */
  get lost(): boolean {
    return this.#tracks.some((t) => !t.isOpen());
  }

  /**
   * Stops sending, closes the peer, then ends the publication on the target (best effort). The peer
   * goes first so that a target hanging up (Janus on detach) is not reported as a lost connection.
   * Safe twice.
   */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#closed) return;
    this.#closed = true;
    this.peer.close();
    try {
      await this.publication.close();
    } catch {
      // The target may be gone already (stopped, or it dropped the publisher).
    }
  }
}

/** Waits until every track is open; `who` names the publisher in the error. */
export async function waitOpen(tracks: readonly ndc.Track[], timeoutMs: number, who = 'publisher'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!tracks.every((t) => t.isOpen())) {
    if (performance.now() > deadline) throw new Error(`${who} tracks not open within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
