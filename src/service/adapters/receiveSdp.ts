/**
 * The SDP ffmpeg reads to receive one RTP stream on 127.0.0.1:`port` (RTCP muxed on the same
 * port): the session lines every adapter shares, and the one media section.
 */
export function receiveSdp(kind: 'audio' | 'video', port: number, payloadType: number, rtpmap: string, fmtp?: string): string {
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=websocket-adapter',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${payloadType}`,
    `a=rtpmap:${payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${payloadType} ${fmtp}`] : []),
    'a=rtcp-mux',
    'a=recvonly',
    '',
  ].join('\r\n');
}
