import { receiveSdp } from './receiveSdp.js';

/** The SDP ffmpeg reads to receive one VP8, VP9 or H264 RTP stream on 127.0.0.1:`port` (RTCP muxed on the same port). */
export interface VideoStream {
  port: number;
  payloadType: number;
  clockRate: number;
  /** "video/VP8", "video/VP9" or "video/H264". */
  mimeType: string;
  parameters: Record<string, unknown>;
}

/** The video codecs ffmpeg is given to decode (the router's, src/media/routerCodecs.ts). */
export const decodableVideo = ['video/vp8', 'video/vp9', 'video/h264'];

export function videoSdp({ port, payloadType, clockRate, mimeType, parameters }: VideoStream): string {
  const name = mimeType.split('/')[1]!.toUpperCase();
  const fmtp = Object.entries(parameters)
    .filter(([key]) => key === 'packetization-mode' || key === 'profile-level-id' || key === 'profile-id')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  return receiveSdp('video', port, payloadType, `${name}/${clockRate}`, fmtp);
}
