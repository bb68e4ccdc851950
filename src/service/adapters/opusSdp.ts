/** The SDP ffmpeg reads to receive one Opus RTP stream on 127.0.0.1:`port` (RTCP muxed on the same port). */
export interface OpusStream {
  port: number;
  payloadType: number;
  clockRate: number;
  channels: number;
}

export function opusSdp({ port, payloadType, clockRate, channels }: OpusStream): string {
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=websocket-adapter',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${payloadType}`,
    `a=rtpmap:${payloadType} opus/${clockRate}/${channels}`,
    'a=rtcp-mux',
    'a=recvonly',
    '',
  ].join('\r\n');
}
