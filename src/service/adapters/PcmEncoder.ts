import type { FeedStream } from '../../media/MediaFeed.js';
import { FfmpegProcess } from './FfmpegProcess.js';
import { pcmChannels, pcmSampleRate } from './PcmFramer.js';

export interface PcmEncoderOptions {
  /** The ffmpeg binary. `SFU_FFMPEG`, @default "ffmpeg" */
  ffmpeg?: string;
  /** ffmpeg ended by itself (not by close()). */
  onExit: (reason: string) => void;
}

/**
 * ffmpeg reading s16le PCM (48 kHz stereo) on stdin and sending it as Opus RTP (20 ms frames,
 * 64 kbit/s) to a MediaFeed on loopback, with the feed's payload type and SSRC. The mux delays
 * are zero so each frame written leaves as a packet at once (measured: about 40 ms from write to
 * packet, most of it ffmpeg's PCM reader and the encoder's look-ahead). No RTCP: ffmpeg would
 * send it from a second port, and the feed's comedia transport may latch onto that one first.
 */
export function startPcmEncoder(stream: FeedStream, options: PcmEncoderOptions): FfmpegProcess {
  const target = `rtp://127.0.0.1:${stream.port}?pkt_size=1200`;
  // prettier-ignore
  return FfmpegProcess.spawn(
    [
      '-fflags', 'nobuffer', '-f', 's16le', '-ar', String(pcmSampleRate), '-ac', String(pcmChannels), '-i', 'pipe:0',
      '-c:a', 'libopus', '-b:a', '64k', '-frame_duration', '20',
      '-muxdelay', '0', '-muxpreload', '0', '-max_delay', '0',
      '-f', 'rtp', '-rtpflags', 'skip_rtcp', '-payload_type', String(stream.payloadType), '-ssrc', String(stream.ssrc), target,
    ],
    { ...options, stdin: true },
  );
}
