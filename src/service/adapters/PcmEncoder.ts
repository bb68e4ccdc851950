import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { FeedStream } from '../../media/MediaFeed.js';
import type { FfmpegProcessOptions } from './FfmpegProcess.js';
import { freeUdpPort } from '../../util/freeUdpPort.js';
import { pcmChannels, pcmSampleRate } from './PcmFramer.js';
import { receiveSdp } from './receiveSdp.js';
import { RtpFfmpeg } from './RtpFfmpeg.js';

/** The encoder writes RTP, nothing on stdout. */
export type PcmEncoderOptions = Omit<FfmpegProcessOptions, 'onData'>;

/** L16's dynamic payload type on the loopback hop (ffmpeg reads it from the SDP). */
const l16PayloadType = 96;
const samplesPerFrame = (pcmSampleRate * 20) / 1000;

/**
 * Encodes the pacer's 20 ms PCM frames to Opus RTP for a MediaFeed: each frame goes to ffmpeg as
 * one L16 RTP packet on loopback, and ffmpeg sends Opus RTP (64 kbit/s, 20 ms) to the feed with
 * its payload type and SSRC.
 *
 * Why RTP and not ffmpeg's stdin: ffmpeg's raw PCM reader takes 4096 samples (85 ms) per read,
 * so stdin-fed Opus left in bursts and piled up in ffmpeg (about a second behind after four
 * seconds, measured). Read from RTP, each 20 ms packet is encoded and sent as it arrives.
 * No RTCP back: ffmpeg would send it from a second port, which the feed's comedia transport
 * might latch onto instead of the RTP one.
 */
export class PcmEncoder {
  #sequenceNumber = randomInt(0, 1 << 16);
  #timestamp = randomInt(0, 2 ** 32);
  readonly #ssrc = randomInt(1, 2 ** 31);

  private constructor(
    private readonly ffmpeg: RtpFfmpeg,
    private readonly socket: Socket,
    private readonly port: number,
  ) {}

  static async start(stream: FeedStream, options: PcmEncoderOptions): Promise<PcmEncoder> {
    const port = await freeUdpPort();
    // prettier-ignore
    const ffmpeg = await RtpFfmpeg.start(
      {
        sdp: receiveSdp('audio', port, l16PayloadType, `L16/${pcmSampleRate}/${pcmChannels}`),
        input: ['-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0', '-reorder_queue_size', '0'],
        output: [
          '-c:a', 'libopus', '-b:a', '64k', '-frame_duration', '20',
          '-muxdelay', '0', '-muxpreload', '0', '-max_delay', '0',
          '-f', 'rtp', '-rtpflags', 'skip_rtcp', '-payload_type', String(stream.payloadType), '-ssrc', String(stream.ssrc),
          `rtp://127.0.0.1:${stream.port}?pkt_size=1200`,
        ],
      },
      options,
    );
    const socket = createSocket('udp4');
    socket.on('error', () => {});
    return new PcmEncoder(ffmpeg, socket, port);
  }

  get pid(): number | undefined {
    return this.ffmpeg.pid;
  }

  /** Sends one 20 ms frame of s16le PCM (3840 bytes) to ffmpeg. */
  write(frame: Buffer): void {
    const packet = Buffer.allocUnsafe(12 + frame.length);
    packet[0] = 0x80;
    packet[1] = l16PayloadType;
    packet.writeUInt16BE(this.#sequenceNumber, 2);
    packet.writeUInt32BE(this.#timestamp, 4);
    packet.writeUInt32BE(this.#ssrc, 8);
    // L16 is network byte order.
    frame.copy(packet, 12);
    packet.subarray(12).swap16();
    this.socket.send(packet, this.port, '127.0.0.1');
    this.#sequenceNumber = (this.#sequenceNumber + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + samplesPerFrame) >>> 0;
  }

  /** Kills ffmpeg (resolves once it has exited) and closes the socket. Safe to call twice. */
  async close(): Promise<void> {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
    await this.ffmpeg.close();
  }
}
