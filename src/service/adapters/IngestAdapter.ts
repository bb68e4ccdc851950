import type { types } from 'mediasoup';
import type WebSocket from 'ws';
import { MediaFeed } from '../../media/MediaFeed.js';
import type { AdapterCloseReason } from '../events/SfuEvent.js';
import { connectEndpoint } from './connectEndpoint.js';
import { decodePacket } from './packet.js';
import { PcmEncoder } from './PcmEncoder.js';
import { PcmPacer } from './PcmPacer.js';

/** The session an ingest adapter publishes into, made for it by the service. */
export interface IngestSession {
  id: string;
  router: types.Router;
  /** Publishes `producer` as the session's track; the session counts as joined from then on. */
  publish(trackName: string, producer: types.Producer): void;
  close(): void;
}

export interface IngestAdapterOptions {
  id: string;
  endpoint: string;
  trackName: string;
  handshakeTimeoutMs: number;
  /** Makes the new session, once the endpoint has answered (a bad endpoint allocates nothing). */
  openSession: () => Promise<IngestSession>;
  ffmpeg?: string;
  /** Told once, whatever closed the adapter (close(), the socket, the session or track, ffmpeg): why, and in words for the log. */
  onClosed: (adapter: IngestAdapter, reason: AdapterCloseReason, detail: string) => void;
}

/**
 * One ingest adapter (location local, buffer mode): the endpoint sends Packets whose payloads are
 * 48 kHz stereo s16le PCM; a PcmPacer plays them out in real time (silence in between) into a
 * PcmEncoder (ffmpeg), which sends Opus RTP into a MediaFeed, whose producer is the track `trackName` of a
 * session of its own that anyone in the app can pull. It owns the socket, the session, the feed
 * and ffmpeg; closing any of them closes all. Ingest does not reconnect (as Cloudflare's).
 */
export class IngestAdapter {
  #closed = false;
  #bytesProcessed = 0;
  #session: IngestSession | undefined;
  #feed: MediaFeed | undefined;
  #encoder: PcmEncoder | undefined;
  #pacer: PcmPacer | undefined;

  private constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly onClosed: IngestAdapterOptions['onClosed'],
  ) {}

  static async create(options: IngestAdapterOptions): Promise<IngestAdapter> {
    const socket = await connectEndpoint(options.endpoint, options.handshakeTimeoutMs);
    const adapter = new IngestAdapter(options.id, socket, options.onClosed);
    socket.once('close', (code, reason) => void adapter.close('endpoint_lost', `the endpoint closed the WebSocket (${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})`));
    try {
      await adapter.#start(options);
    } catch (error) {
      await adapter.#release();
      throw error;
    }
    return adapter;
  }

  async #start(options: IngestAdapterOptions): Promise<void> {
    const session = await options.openSession();
    this.#session = session;
    const feed = await MediaFeed.create(session.router, (detail) => void this.close('source_closed', detail));
    this.#feed = feed;
    const encoder = await PcmEncoder.start(feed.stream, {
      ...(options.ffmpeg !== undefined ? { ffmpeg: options.ffmpeg } : {}),
      onExit: (detail) => void this.close('decoder_exited', detail),
    });
    this.#encoder = encoder;
    this.#pacer = new PcmPacer({
      onFrame: (frame) => encoder.write(frame),
      // Stop reading: TCP pushes back on the endpoint, and nothing it sent is dropped.
      onBackpressure: (paused) => (paused ? this.socket.pause() : this.socket.resume()),
    });
    session.publish(options.trackName, feed.producer);
    this.socket.on('message', (data: Buffer, isBinary) => this.#receive(data, isBinary));
    this.#pacer.start();
    // connectEndpoint hands the socket over paused: nothing the endpoint sent early is lost.
    this.socket.resume();
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (this.#closed) return;
    if (!isBinary) {
      this.socket.close(1003, 'binary protobuf Packet messages only');
      return;
    }
    let payload: Uint8Array;
    try {
      payload = decodePacket(data).payload;
    } catch (error) {
      this.socket.close(1007, `not a protobuf Packet: ${(error as Error).message}`);
      return;
    }
    this.#bytesProcessed += payload.length;
    this.#pacer?.push(payload);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The session the adapter publishes into. */
  get sessionId(): string | undefined {
    return this.#session?.id;
  }

  /** PCM payload bytes received from the endpoint so far (close's bytesProcessed). */
  get bytesProcessed(): number {
    return this.#bytesProcessed;
  }

  /** The encoding ffmpeg's process id, while it runs (tests check it is gone after close). */
  get ffmpegPid(): number | undefined {
    return this.#encoder?.pid;
  }

  /** Stops the pacer, kills ffmpeg (resolves once it has exited), closes the feed, the session and the socket. Safe to call twice. */
  async close(reason: AdapterCloseReason = 'closed', detail: string = reason): Promise<void> {
    if (this.#closed) return this.#encoder?.close();
    this.#closed = true;
    const released = this.#release();
    this.onClosed(this, reason, detail);
    return released;
  }

  async #release(): Promise<void> {
    this.#closed = true;
    this.#pacer?.stop();
    this.#feed?.close();
    this.#session?.close();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(1000, 'adapter closed');
    await this.#encoder?.close();
  }
}
