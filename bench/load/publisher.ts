/**
 * A publisher that sends pre-encoded VP8 and Opus as RTP from a libdatachannel peer, each frame at
 * its own timestamp (paced against the wall clock), through the REST API's publish flow:
 * client offer -> tracks/new -> answer.
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import type { CallsClient } from '../../test/helpers/callsClient.js';
import type { Clip } from './media.js';
import { NdcPeer } from './ndcPeer.js';
import { rtpPacket, vp8Payloads } from './rtp.js';

/** Payload types the publisher offers (libwebrtc's usual numbers). */
const vp8PayloadType = 96;
const opusPayloadType = 111;
/** How often the pacer looks for due frames; frames leave at most this late. */
const tickMs = 5;
/** A pacer that fell further behind than this (a stalled event loop) skips ahead instead of bursting. */
const maxLagMs = 200;
/** How long the publisher waits for its transport to connect. */
const connectTimeoutMs = 15_000;

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

/** A publishing session with one VP8 and one Opus track, sending until `close()`. */
export class LoadPublisher {
  readonly counters: PublisherCounters = { videoPackets: 0, audioPackets: 0, bytes: 0, skippedFrames: 0, sendFailures: 0 };
  #timer: NodeJS.Timeout | undefined;
  #tracks: ndc.Track[] = [];

  private constructor(
    private readonly peer: NdcPeer,
    /** The publisher's session. */
    readonly sessionId: string,
    /** trackName by kind, for subscribers to pull. */
    readonly trackNames: { video: string; audio: string },
  ) {}

  /** Publishes both tracks, waits for the transport, and starts sending. */
  static async create(client: CallsClient, media: { video: Clip; audio: Clip }, prefix = 'load'): Promise<LoadPublisher> {
    const peer = new NdcPeer(`${prefix}-publisher`);
    try {
      const ssrcs = { video: randomInt(1, 2 ** 31), audio: randomInt(1, 2 ** 31) };
      const video = new ndc.Video('0', 'SendOnly');
      video.addVP8Codec(vp8PayloadType);
      video.addSSRC(ssrcs.video, prefix, `${prefix}-stream`, `${prefix}-video`);
      const audio = new ndc.Audio('1', 'SendOnly');
      audio.addOpusCodec(opusPayloadType);
      audio.addSSRC(ssrcs.audio, prefix, `${prefix}-stream`, `${prefix}-audio`);
      // A publisher that drops mid-run explains every silent subscriber after it: say when.
      peer.pc.onStateChange((state) => {
        if (state === 'disconnected' || state === 'failed') console.error(`load publisher: connection ${state} at ${new Date().toISOString()}`);
      });
      const videoTrack = peer.pc.addTrack(video);
      const audioTrack = peer.pc.addTrack(audio);
      const offer = await peer.offer();
      const { sessionId } = await client.newSession();
      const trackNames = { video: `${prefix}-video`, audio: `${prefix}-audio` };
      const result = await client.newTracks(sessionId, {
        sessionDescription: offer,
        tracks: [
          { location: 'local', mid: '0', trackName: trackNames.video },
          { location: 'local', mid: '1', trackName: trackNames.audio },
        ],
      });
      const failed = result.tracks.filter((t) => t.errorCode);
      if (failed.length > 0 || !result.sessionDescription) throw new Error(`publish failed: ${JSON.stringify(result.tracks)}`);
      peer.accept(result.sessionDescription);
      await waitOpen([videoTrack, audioTrack], connectTimeoutMs);
      const publisher = new LoadPublisher(peer, sessionId, trackNames);
      // Held, like the subscribers' tracks: a collected track object stops sending.
      publisher.#tracks = [videoTrack, audioTrack];
      publisher.#start([
        new ClipSender(videoTrack, media.video, ssrcs.video, vp8PayloadType, publisher.counters, 'video'),
        new ClipSender(audioTrack, media.audio, ssrcs.audio, opusPayloadType, publisher.counters, 'audio'),
      ]);
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

  /** Stops sending and closes the peer. Safe twice. */
  close(): void {
    clearInterval(this.#timer);
    this.peer.close();
  }
}

async function waitOpen(tracks: ndc.Track[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!tracks.every((t) => t.isOpen())) {
    if (performance.now() > deadline) throw new Error(`publisher tracks not open within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
