import type { types } from 'mediasoup';
import type WebSocket from 'ws';
import { AudioTap } from '../../media/AudioTap.js';
import { freeUdpPort } from '../../util/freeUdpPort.js';
import { connectEndpoint } from './connectEndpoint.js';
import { encodePacket } from './packet.js';
import { PcmDecoder } from './PcmDecoder.js';
import { PcmFramer } from './PcmFramer.js';

/** The track an egress adapter reads: its producer and the router it is on. */
export interface AdapterSource {
  router: types.Router;
  producer: types.Producer;
}

export interface WebSocketAdapterOptions {
  id: string;
  endpoint: string;
  source: AdapterSource;
  handshakeTimeoutMs: number;
  ffmpeg?: string;
  /** Told once, whatever closed the adapter (close(), the track, the socket, ffmpeg). */
  onClosed: (adapter: WebSocketAdapter, reason: string) => void;
}

/** Frames are dropped rather than queued past this much unsent data (a slow endpoint). */
const maxBufferedBytes = 1 << 20;

/**
 * One PCM egress adapter (location remote, outputCodec pcm): the source track's Opus through an
 * AudioTap into ffmpeg, its PCM cut into 20 ms frames, each sent to the endpoint as one protobuf
 * Packet. It owns the tap, the ffmpeg process and the socket; closing any of them closes it.
 */
export class WebSocketAdapter {
  #closed = false;
  #bytesProcessed = 0;
  #tap: AudioTap | undefined;
  #decoder: PcmDecoder | undefined;

  private constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly onClosed: WebSocketAdapterOptions['onClosed'],
  ) {}

  static async create(options: WebSocketAdapterOptions): Promise<WebSocketAdapter> {
    const socket = await connectEndpoint(options.endpoint, options.handshakeTimeoutMs);
    const adapter = new WebSocketAdapter(options.id, socket, options.onClosed);
    socket.on('error', () => {});
    socket.once('close', () => void adapter.close('the endpoint closed the WebSocket'));
    try {
      await adapter.#startMedia(options);
    } catch (error) {
      await adapter.#release();
      throw error;
    }
    return adapter;
  }

  async #startMedia(options: WebSocketAdapterOptions): Promise<void> {
    this.#tap = await AudioTap.create(options.source.router, options.source.producer, (reason) => void this.close(reason));
    const port = await freeUdpPort();
    const framer = new PcmFramer();
    this.#decoder = await PcmDecoder.start(
      { port, ...this.#tap.codec },
      {
        ...(options.ffmpeg !== undefined ? { ffmpeg: options.ffmpeg } : {}),
        onPcm: (chunk) => {
          for (const frame of framer.push(chunk)) this.#send(frame);
        },
        onExit: (reason) => void this.close(reason),
      },
    );
    await this.#tap.start(port);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** PCM bytes sent to the endpoint so far (close's bytesProcessed). */
  get bytesProcessed(): number {
    return this.#bytesProcessed;
  }

  /** The ffmpeg process's id, while it runs (tests check it is gone after close). */
  get decoderPid(): number | undefined {
    return this.#decoder?.pid;
  }

  #send(frame: { sequenceNumber: number; timestamp: number; payload: Buffer }): void {
    if (this.#closed || this.socket.readyState !== this.socket.OPEN || this.socket.bufferedAmount > maxBufferedBytes) return;
    this.socket.send(encodePacket(frame), { binary: true });
    this.#bytesProcessed += frame.payload.length;
  }

  /** Closes the tap, kills ffmpeg (resolves once it has exited) and closes the socket. Safe to call twice. */
  async close(reason = 'closed'): Promise<void> {
    if (this.#closed) return this.#decoder?.close();
    this.#closed = true;
    const released = this.#release();
    this.onClosed(this, reason);
    return released;
  }

  async #release(): Promise<void> {
    this.#closed = true;
    this.#tap?.close();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(1000, 'adapter closed');
    await this.#decoder?.close();
  }
}
