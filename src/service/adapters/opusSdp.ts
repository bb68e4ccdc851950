import { receiveSdp } from './receiveSdp.js';

/** The SDP ffmpeg reads to receive one Opus RTP stream on 127.0.0.1:`port` (RTCP muxed on the same port). */
export interface OpusStream {
  port: number;
  payloadType: number;
  clockRate: number;
  channels: number;
}

export function opusSdp({ port, payloadType, clockRate, channels }: OpusStream): string {
  return receiveSdp('audio', port, payloadType, `opus/${clockRate}/${channels}`);
}
