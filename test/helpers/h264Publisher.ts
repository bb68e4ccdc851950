import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import type { CallsClient } from './callsClient.js';

/**
 * A publisher of H264 video, since @roamhq/wrtc is built without an H264 encoder (its sender
 * offers VP8, VP9 and AV1 only). ffmpeg encodes a (noisy) solid colour with libx264 and sends it
 * as RTP to a loopback UDP socket; a werift PeerConnection forwards those packets as its sendonly
 * video track (rewriting SSRC, payload type, sequence numbers), published with tracks/new as any
 * client would.
 */
export interface H264Publisher {
  sessionId: string;
  trackName: string;
  pc: RTCPeerConnection;
  /** The codec the SFU's answer left the sender to send ("video/H264"). */
  sentCodec(): string | undefined;
  /** Stops ffmpeg and the UDP socket and closes the PeerConnection. Safe to call twice. */
  close(): Promise<void>;
}

export interface H264PublisherOptions {
  width: number;
  height: number;
  /** The frames' colour as RGB hex, e.g. "D53615". */
  rgb: string;
  /** @default "cam-video" */
  trackName?: string;
}

/** Constrained baseline 3.1, packetization-mode 1: one of the router's H264 codecs, and what browsers send. */
const h264 = new RTCRtpCodecParameters({
  mimeType: 'video/H264',
  clockRate: 90000,
  rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
  parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
});

export async function publishH264(client: CallsClient, options: H264PublisherOptions): Promise<H264Publisher> {
  const trackName = options.trackName ?? 'cam-video';
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', codecs: { video: [h264] } });
  const track = new MediaStreamTrack({ kind: 'video' });
  const udp = createSocket('udp4');
  let ffmpeg: ChildProcess | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
        const exited = new Promise((resolve) => ffmpeg!.once('close', resolve));
        ffmpeg.kill('SIGKILL');
        await exited;
      }
      udp.close();
      await pc.close();
    })());
  try {
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    udp.on('message', (packet) => track.writeRtp(packet));
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    const { sessionId } = await client.newSession();
    await pc.setLocalDescription(await pc.createOffer());
    const result = await client.newTracks(sessionId, {
      sessionDescription: { type: 'offer', sdp: pc.localDescription!.sdp },
      tracks: [{ location: 'local', mid: transceiver.mid, trackName }],
    });
    const failed = result.tracks.filter((t) => t.errorCode);
    if (failed.length > 0) throw new Error(`publish failed: ${JSON.stringify(failed)}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: result.sessionDescription!.sdp });
    ffmpeg = startEncoder(options, (udp.address() as AddressInfo).port);
    return { sessionId, trackName, pc, sentCodec: () => transceiver.sender.codec?.mimeType, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A solid colour under fixed (not temporal) noise: each IDR is then a few dozen packets (FU-A), not
 * one, while the average colour stays. libx264 at 30 fps with an IDR every 15 frames (werift does
 * not answer keyframe requests), in RTP packets of at most 1200 bytes. The RTP muxer asks for no
 * global header, so x264 repeats SPS and PPS in band before each IDR, as browsers do (the SFU's
 * receivers get no sprop-parameter-sets).
 */
function startEncoder({ width, height, rgb }: H264PublisherOptions, port: number): ChildProcess {
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `color=c=0x${rgb}:s=${width}x${height}:r=30,noise=alls=24:allf=u`,
    '-an', '-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.1', '-preset', 'ultrafast', '-tune', 'zerolatency',
    '-pix_fmt', 'yuv420p', '-g', '15',
    '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=1200`,
  ];
  // stdout only carries the SDP ffmpeg prints for its stream; the offer above describes it instead.
  return spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}
