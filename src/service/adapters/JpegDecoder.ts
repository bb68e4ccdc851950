import { RtpFfmpeg, type RtpFfmpegOptions } from './RtpFfmpeg.js';
import { videoSdp, type VideoStream } from './videoSdp.js';

/** ffmpeg decoding a VP8/VP9/H264 RTP stream on loopback and writing `fps` JPEG images a second, back to back, on stdout. */
export function startJpegDecoder(stream: VideoStream, fps: number, options: RtpFfmpegOptions): Promise<RtpFfmpeg> {
  // The encoder on one thread: with frame threads ffmpeg hands back an image only once the next one
  // was submitted, so each image (and the first) would go out one period (1 s at 1 fps) late.
  // prettier-ignore
  return RtpFfmpeg.start(
    {
      sdp: videoSdp(stream),
      input: ['-analyzeduration', '0', '-probesize', '32', '-fflags', 'nobuffer', '-flags', 'low_delay', '-reorder_queue_size', '0'],
      output: ['-an', '-vf', `fps=${fps}`, '-c:v', 'mjpeg', '-threads', '1', '-pix_fmt', 'yuvj420p', '-q:v', '5', '-f', 'image2pipe', '-flush_packets', '1', 'pipe:1'],
    },
    options,
  );
}
