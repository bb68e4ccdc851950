/**
 * A subscriber session that pulls a publisher's tracks the way Cloudflare's docs show
 * (tracks/new without an offer -> the SFU's offer -> our answer -> renegotiate) and counts what
 * arrives per track: packets, bytes, sequence gaps, jitter, and when the first packet and the
 * first VP8 keyframe came.
 */
import ndc from 'node-datachannel';
import type { CallsClient } from '../../test/helpers/callsClient.js';
import { NdcPeer } from './ndcPeer.js';
import { isVp8KeyframeStart, parseRtp } from './rtp.js';
import { StreamStats } from './streamStats.js';

const clockRates = { video: 90_000, audio: 48_000 } as const;
type Kind = keyof typeof clockRates;

/** What to pull: the publisher's session and its track names by kind. */
export interface PullTarget {
  sessionId: string;
  trackNames: { video: string; audio: string };
}

export class LoadSubscriber {
  /** Per kind; present once the pull gave that kind a mid. */
  readonly streams = new Map<Kind, StreamStats>();
  /** ms from sending tracks/new to the first RTP packet of any track, and to the first video keyframe. */
  firstPacketMs: number | undefined;
  firstKeyframeMs: number | undefined;
  /** Packets that were not RTP for a pulled kind (RTCP comes through the handler too). */
  otherPackets = 0;
  #mids: { mid: string }[] = [];
  /**
   * The tracks and their handlers, held for the subscriber's life: node-datachannel drops a
   * track's callbacks when its JS object is garbage-collected, and the stream then goes silent.
   */
  readonly #held: unknown[] = [];
  #closed = false;

  private constructor(
    private readonly client: CallsClient,
    private readonly peer: NdcPeer,
    /** This subscriber's own session. */
    readonly sessionId: string,
  ) {}

  /** A new session (untimed), then the timed pull; resolves once renegotiate is answered, not when media flows. */
  static async create(client: CallsClient, target: PullTarget, name?: string): Promise<LoadSubscriber> {
    const peer = new NdcPeer(name);
    try {
      const { sessionId } = await client.newSession();
      const subscriber = new LoadSubscriber(client, peer, sessionId);
      await subscriber.#pull(target);
      return subscriber;
    } catch (error) {
      peer.close();
      throw error;
    }
  }

  async #pull(target: PullTarget): Promise<void> {
    const start = performance.now();
    const result = await this.client.newTracks(this.sessionId, {
      tracks: (['video', 'audio'] as const).map((kind) => ({ location: 'remote', sessionId: target.sessionId, trackName: target.trackNames[kind] })),
    });
    const failed = result.tracks.filter((t) => t.errorCode || !t.mid);
    if (failed.length > 0 || !result.sessionDescription) throw new Error(`pull failed: ${JSON.stringify(result.tracks)}`);
    const kindByMid = new Map<string, Kind>();
    result.tracks.forEach((t, i) => kindByMid.set(t.mid!, i === 0 ? 'video' : 'audio'));
    this.#mids = result.tracks.map((t) => ({ mid: t.mid! }));
    this.peer.pc.onTrack((track) => {
      const kind = kindByMid.get(track.mid());
      if (!kind) return;
      const stats = new StreamStats(clockRates[kind]);
      this.streams.set(kind, stats);
      // RtcpReceivingSession answers with receiver reports and passes the RTP packets on.
      const session = new ndc.RtcpReceivingSession();
      track.setMediaHandler(session);
      this.#held.push(track, session);
      track.onMessage((packet) => this.#receive(kind, stats, packet, start));
    });
    const answer = await this.peer.answer(result.sessionDescription);
    await this.client.renegotiate(this.sessionId, answer);
  }

  #receive(kind: Kind, stats: StreamStats, packet: Buffer, pullStart: number): void {
    const now = performance.now();
    const header = parseRtp(packet);
    if (!header) {
      this.otherPackets += 1;
      return;
    }
    stats.record(header.sequenceNumber, header.timestamp, packet.length, now);
    this.firstPacketMs ??= now - pullStart;
    if (kind === 'video' && this.firstKeyframeMs === undefined && isVp8KeyframeStart(packet.subarray(header.payloadOffset))) {
      this.firstKeyframeMs = now - pullStart;
    }
  }

  /** The PeerConnection's state (connected, disconnected, failed, ...). */
  get connectionState(): string {
    return this.peer.state;
  }

  /** Closes the pulled tracks on the SFU (forced, so its consumers go at once) and the peer. Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.client.closeTracks(this.sessionId, { tracks: this.#mids, force: true });
    } finally {
      this.peer.close();
    }
  }
}
