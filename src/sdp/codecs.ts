import type { types } from 'mediasoup';
import h264 from 'h264-profile-level-id';
import type { RemoteCodec } from './remoteDescription.js';

/** RTCP feedback mediasoup understands; anything else is dropped from answers. */
const supportedFeedback = new Set(['nack', 'nack pli', 'ccm fir', 'goog-remb', 'transport-cc']);

export function supportedRtcpFeedback(feedback: types.RtcpFeedback[]): types.RtcpFeedback[] {
  return feedback.filter((fb) => supportedFeedback.has(fb.parameter ? `${fb.type} ${fb.parameter}` : fb.type));
}

interface CodecLike {
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
}

export function isRtx(codec: { mimeType: string }): boolean {
  return codec.mimeType.toLowerCase().endsWith('/rtx');
}

/**
 * The identity of a codec for payload-type bookkeeping: two codecs with the same key may share a
 * payload type, two with different keys may not (BUNDLE forbids it).
 */
export function codecKey(codec: CodecLike): string {
  const mime = codec.mimeType.toLowerCase();
  const params = codec.parameters ?? {};
  let key = `${mime}/${codec.clockRate}`;
  if (mime.startsWith('audio/')) key += `/${codec.channels ?? 1}`;
  if (mime === 'video/h264') {
    const profile = h264.parseProfileLevelId(String(params['profile-level-id'] ?? '42e01f'))?.profile;
    key += `/pm${Number(params['packetization-mode'] ?? 0)}/p${profile ?? '?'}`;
  }
  if (mime === 'video/vp9') key += `/p${Number(params['profile-id'] ?? 0)}`;
  return key;
}

/** Whether a codec the remote offered is one the router can take (mediasoup's own matching rules). */
export function codecMatches(remote: CodecLike, capability: types.RtpCodecCapability): boolean {
  if (remote.mimeType.toLowerCase() !== capability.mimeType.toLowerCase()) return false;
  if (remote.clockRate !== capability.clockRate) return false;
  if (remote.mimeType.toLowerCase().startsWith('audio/') && (remote.channels ?? 1) !== (capability.channels ?? 1)) {
    return false;
  }
  return codecKey(remote) === codecKey(capability);
}

/** The codec the remote will send in a section (first it prefers that the router takes), with its RTX. */
export function selectSendCodec(
  codecs: RemoteCodec[],
  capabilities: types.RtpCapabilities,
): { codec: RemoteCodec; rtx?: RemoteCodec } | undefined {
  for (const codec of codecs) {
    if (isRtx(codec)) continue;
    if (!(capabilities.codecs ?? []).some((cap) => codecMatches(codec, cap))) continue;
    const rtx = codecs.find((c) => isRtx(c) && Number(c.parameters['apt']) === codec.payloadType);
    return rtx ? { codec, rtx } : { codec };
  }
  return undefined;
}

export function toRtpCodecParameters(codec: RemoteCodec): types.RtpCodecParameters {
  const parameters: types.RtpCodecParameters = {
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    parameters: codec.parameters,
    rtcpFeedback: supportedRtcpFeedback(codec.rtcpFeedback),
  };
  if (codec.channels !== undefined) parameters.channels = codec.channels;
  return parameters;
}
