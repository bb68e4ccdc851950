import type { types } from 'mediasoup';

/** The stream a tap sends: what its receiver's SDP must describe. */
export interface TapCodec {
  payloadType: number;
  clockRate: number;
  /** Audio only (Opus: 2). */
  channels?: number;
  mimeType: string;
  /** The codec's fmtp parameters (H264 packetization-mode, profile-level-id; VP9 profile-id). */
  parameters: Record<string, unknown>;
}

/**
 * A producer's audio or video sent as plain RTP to a local receiver (ffmpeg): one PlainTransport
 * on the producer's router (listening on 127.0.0.1, RTCP muxed, comedia off: the SFU sends to the
 * port it is told) and one consumer on it. Closing the tap closes both; `onClosed` hears when the
 * producer, the router or the transport went away without close().
 */
export class MediaTap {
  #closed = false;

  private constructor(
    private readonly transport: types.PlainTransport,
    private readonly consumer: types.Consumer,
  ) {}

  static async create(router: types.Router, producer: types.Producer, onClosed: (reason: string) => void): Promise<MediaTap> {
    const transport = await router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: true, comedia: false, appData: { adapter: true } });
    let consumer: types.Consumer;
    try {
      consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities, paused: true });
    } catch (error) {
      transport.close();
      throw error;
    }
    const tap = new MediaTap(transport, consumer);
    const ended = (reason: string) => () => {
      if (tap.#closed) return;
      tap.close();
      onClosed(reason);
    };
    consumer.on('producerclose', ended('the source track closed'));
    consumer.on('transportclose', ended('the media transport closed'));
    transport.observer.on('close', ended('the media transport closed'));
    return tap;
  }

  get kind(): types.MediaKind {
    return this.consumer.kind;
  }

  get codec(): TapCodec {
    const codec = this.consumer.rtpParameters.codecs[0]!;
    return {
      payloadType: codec.payloadType,
      clockRate: codec.clockRate,
      ...(this.consumer.kind === 'audio' ? { channels: codec.channels ?? 2 } : {}),
      mimeType: codec.mimeType,
      parameters: { ...codec.parameters },
    };
  }

  /** Starts sending to the receiver at 127.0.0.1:`port`. */
  async start(port: number): Promise<void> {
    await this.transport.connect({ ip: '127.0.0.1', port });
    await this.consumer.resume();
  }

  /** Asks the producer for a keyframe (video; a no-op once closed). */
  async requestKeyFrame(): Promise<void> {
    if (this.#closed || this.consumer.kind !== 'video') return;
    await this.consumer.requestKeyFrame().catch(() => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.consumer.close();
    this.transport.close();
  }
}
