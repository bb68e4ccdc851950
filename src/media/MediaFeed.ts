import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';

/** The Opus stream a feed expects its sender (ffmpeg) to send. */
export interface FeedStream {
  /** Where to send RTP (and RTCP, muxed): 127.0.0.1:`port`. */
  port: number;
  payloadType: number;
  ssrc: number;
}

/**
 * Opus audio sent as plain RTP by a local sender (ffmpeg) into a producer: the reverse of a
 * MediaTap. One PlainTransport on `router` (listening on 127.0.0.1, RTCP muxed, comedia: it
 * learns the sender's port from its first packet) and one audio producer on it, with the payload
 * type and SSRC the sender is told to use. Closing the feed closes both; `onClosed` hears when
 * the producer, the router or the transport went away without close().
 */
export class MediaFeed {
  #closed = false;

  private constructor(
    private readonly transport: types.PlainTransport,
    readonly producer: types.Producer,
    readonly stream: FeedStream,
  ) {}

  static async create(router: types.Router, onClosed: (reason: string) => void): Promise<MediaFeed> {
    const opus = router.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    if (!opus?.preferredPayloadType) throw new Error('the router has no Opus codec');
    const transport = await router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: true, comedia: true, appData: { adapter: true } });
    const ssrc = randomInt(1, 2 ** 31);
    let producer: types.Producer;
    try {
      producer = await transport.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/opus', payloadType: opus.preferredPayloadType, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
          encodings: [{ ssrc }],
          rtcp: { cname: `adapter-${ssrc}`, reducedSize: true },
        },
        appData: { adapter: true },
      });
    } catch (error) {
      transport.close();
      throw error;
    }
    const feed = new MediaFeed(transport, producer, { port: transport.tuple.localPort, payloadType: opus.preferredPayloadType, ssrc });
    const ended = (reason: string) => () => {
      if (feed.#closed) return;
      feed.close();
      onClosed(reason);
    };
    producer.observer.once('close', ended('the track closed'));
    transport.observer.once('close', ended('the media transport closed'));
    return feed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.producer.close();
    this.transport.close();
  }
}
