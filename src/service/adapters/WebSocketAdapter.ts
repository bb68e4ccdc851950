import type { types } from 'mediasoup';
import { MediaTap } from '../../media/MediaTap.js';
import { freeUdpPort } from '../../util/freeUdpPort.js';
import type { AdapterCloseReason } from '../events/SfuEvent.js';
import type { Logger } from '../Logger.js';
import { EndpointConnection } from './EndpointConnection.js';
import { startJpegDecoder } from './JpegDecoder.js';
import { JpegSplitter } from './JpegSplitter.js';
import { startPcmDecoder } from './PcmDecoder.js';
import { PcmFramer } from './PcmFramer.js';
import type { RtpFfmpeg } from './RtpFfmpeg.js';

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
  /** pcm: an audio source; jpeg: a video source. */
  outputCodec: 'pcm' | 'jpeg';
  /** JPEG images a second. @default 1 */
  jpegFps?: number;
  ffmpeg?: string;
  /** Where reconnects are told (the adapter's id on every line). */
  log: Logger;
  /** Told once, whatever closed the adapter (close(), the track, a lost endpoint, ffmpeg): why, and in words for the log. */
  onClosed: (adapter: WebSocketAdapter, reason: AdapterCloseReason, detail: string) => void;
}

/**
 * PCM frames kept while the endpoint reconnects: one second (50 x 20 ms, 192 KB). Cloudflare
 * promises only a "short, bounded backlog"; a second covers a quick endpoint restart, and dropping
 * the oldest first keeps what is flushed close to live instead of replaying a 5 s outage.
 */
const audioBacklogFrames = 50;

/** JPEG: only the latest image waits out a reconnect, so video resumes near live (as Cloudflare's). */
const videoBacklogImages = 1;

/** Without an image for this long, the JPEG adapter asks the producer for another keyframe. */
const keyFrameWaitMs = 2000;

/**
 * One egress adapter (location remote). outputCodec pcm: the source track's Opus through a
 * MediaTap into ffmpeg, its PCM cut into 20 ms frames. outputCodec jpeg: the source's video through
 * a MediaTap into ffmpeg, which writes `jpegFps` JPEG images a second, each one whole image.
 * Each frame or image is sent to the endpoint as one protobuf Packet. It owns the tap, the ffmpeg
 * process and the endpoint connection; the tap or ffmpeg ending closes it, and so does an endpoint
 * that stays away longer than the reconnect window (a brief drop is retried, media buffered).
 */
export class WebSocketAdapter {
  #closed = false;
  #tap: MediaTap | undefined;
  #decoder: RtpFfmpeg | undefined;
  #keyFrameTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly id: string,
    private readonly connection: EndpointConnection,
    private readonly onClosed: WebSocketAdapterOptions['onClosed'],
  ) {}

  static async create(options: WebSocketAdapterOptions): Promise<WebSocketAdapter> {
    const connection = await EndpointConnection.connect({
      endpoint: options.endpoint,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      backlog: options.outputCodec === 'pcm' ? audioBacklogFrames : videoBacklogImages,
      log: options.log,
      logFields: { adapterId: options.id },
      // Told a whole reconnect window after a disconnect at the earliest: `adapter` is set by then.
      onLost: (detail) => void adapter.close('endpoint_lost', detail),
    });
    const adapter = new WebSocketAdapter(options.id, connection, options.onClosed);
    try {
      await adapter.#startMedia(options);
    } catch (error) {
      await adapter.#release();
      throw error;
    }
    return adapter;
  }

  async #startMedia(options: WebSocketAdapterOptions): Promise<void> {
    const tap = await MediaTap.create(options.source.router, options.source.producer, (detail) => void this.close('source_closed', detail));
    this.#tap = tap;
    const port = await freeUdpPort();
    const common = { ...(options.ffmpeg !== undefined ? { ffmpeg: options.ffmpeg } : {}), onExit: (detail: string) => void this.close('decoder_exited', detail) };
    if (options.outputCodec === 'pcm') {
      const framer = new PcmFramer();
      this.#decoder = await startPcmDecoder({ port, payloadType: tap.codec.payloadType, clockRate: tap.codec.clockRate, channels: tap.codec.channels ?? 2 }, {
        ...common,
        onData: (chunk) => {
          for (const frame of framer.push(chunk)) this.#send(frame);
        },
      });
      await tap.start(port);
      return;
    }
    const splitter = new JpegSplitter();
    const started = performance.now();
    let sequenceNumber = 0;
    let lastImage = started;
    this.#decoder = await startJpegDecoder({ port, ...tap.codec }, options.jpegFps ?? 1, {
      ...common,
      onData: (chunk) => {
        for (const payload of splitter.push(chunk)) {
          lastImage = performance.now();
          this.#send({ sequenceNumber: sequenceNumber++, timestamp: Math.round(lastImage - started), payload });
        }
      },
    });
    await tap.start(port);
    // ffmpeg can only start decoding at a keyframe: ask now, again once ffmpeg surely listens
    // (its socket may open after the first one went by), then whenever no image came for 2 s.
    await tap.requestKeyFrame();
    let ticks = 0;
    this.#keyFrameTimer = setInterval(() => {
      ticks++;
      if (ticks === 1 || performance.now() - lastImage >= keyFrameWaitMs) void tap.requestKeyFrame();
    }, keyFrameWaitMs / 4);
    this.#keyFrameTimer.unref();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Payload bytes (PCM or JPEG) sent to the endpoint so far (close's bytesProcessed). */
  get bytesProcessed(): number {
    return this.connection.bytesSent;
  }

  /** The ffmpeg process's id, while it runs (tests check it is gone after close). */
  get ffmpegPid(): number | undefined {
    return this.#decoder?.pid;
  }

  #send(frame: { sequenceNumber: number; timestamp: number; payload: Buffer }): void {
    if (!this.#closed) this.connection.send(frame);
  }

  /** Closes the tap, kills ffmpeg (resolves once it has exited) and closes the socket, ending any reconnect. Safe to call twice. */
  async close(reason: AdapterCloseReason = 'closed', detail: string = reason): Promise<void> {
    if (this.#closed) return this.#decoder?.close();
    this.#closed = true;
    const released = this.#release();
    this.onClosed(this, reason, detail);
    return released;
  }

  async #release(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#keyFrameTimer);
    this.#tap?.close();
    this.connection.close();
    await this.#decoder?.close();
  }
}
