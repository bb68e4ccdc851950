import { RtpDecoder, type RtpDecoderOptions } from './RtpDecoder.js';
import { videoSdp, type VideoStream } from './videoSdp.js';

/** ffmpeg decoding a VP8/VP9/H264 RTP stream on loopback and writing `fps` JPEG images a second, back to back, on stdout. */
export function startJpegDecoder(stream: VideoStream, fps: number, options: RtpDecoderOptions): Promise<RtpDecoder> {
  // prettier-ignore
  return RtpDecoder.start(
    {
      sdp: videoSdp(stream),
      input: ['-analyzeduration', '0', '-probesize', '32', '-fflags', 'nobuffer', '-flags', 'low_delay', '-reorder_queue_size', '0'],
      output: ['-an', '-vf', `fps=${fps}`, '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '5', '-f', 'image2pipe', '-flush_packets', '1', 'pipe:1'],
    },
    options,
  );
}
