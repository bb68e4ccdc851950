import { opusSdp, type OpusStream } from './opusSdp.js';
import { pcmChannels, pcmSampleRate } from './PcmFramer.js';
import { RtpFfmpeg, type RtpFfmpegOptions } from './RtpFfmpeg.js';

/** ffmpeg decoding an Opus RTP stream on loopback to s16le PCM, 48 kHz stereo, on stdout. */
export function startPcmDecoder(stream: OpusStream, options: RtpFfmpegOptions): Promise<RtpFfmpeg> {
  // prettier-ignore
  return RtpFfmpeg.start(
    {
      sdp: opusSdp(stream),
      input: ['-probesize', '32', '-analyzeduration', '0', '-fflags', 'nobuffer'],
      output: ['-vn', '-f', 's16le', '-acodec', 'pcm_s16le', '-ar', String(pcmSampleRate), '-ac', String(pcmChannels), '-flush_packets', '1', 'pipe:1'],
    },
    options,
  );
}
