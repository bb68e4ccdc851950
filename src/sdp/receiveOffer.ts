import type { types } from 'mediasoup';
import type { ReceiveSection } from './localDescription.js';
import type { MediaKind } from './remoteDescription.js';

/**
 * The m-section of an SFU offer that asks the client to publish a `kind` track: every router
 * codec of that kind with the router's numbers (the client answers with the ones it will send),
 * and the extensions mediasoup reads.
 */
export function receiveOfferSection(kind: MediaKind, mid: string, routerCapabilities: types.RtpCapabilities): ReceiveSection {
  const codecs: types.RtpCodecParameters[] = (routerCapabilities.codecs ?? [])
    .filter((codec) => codec.kind === kind)
    .sort((a, b) => preference(a) - preference(b))
    .map((codec) => ({
      mimeType: codec.mimeType,
      payloadType: codec.preferredPayloadType!,
      clockRate: codec.clockRate,
      ...(codec.channels !== undefined ? { channels: codec.channels } : {}),
      parameters: codec.parameters ?? {},
      rtcpFeedback: codec.rtcpFeedback ?? [],
    }));
  const headerExtensions = (routerCapabilities.headerExtensions ?? [])
    .filter((ext) => ext.kind === kind && ext.direction !== 'sendonly')
    .map((ext) => ({ uri: ext.uri, id: ext.preferredId }));
  return { type: 'receive', mid, kind, codecs, headerExtensions, sfuNumbered: true };
}

/**
 * The order codecs are offered in, which is the client's choice when it answers: VP8 first (every
 * browser decodes it), then H264, VP9 profile 0, VP9 profile 2; RTX after the media codecs.
 */
function preference(codec: types.RtpCodecCapability): number {
  const mime = codec.mimeType.toLowerCase();
  if (mime.endsWith('/rtx')) return 100;
  if (mime === 'video/vp8') return 0;
  if (mime === 'video/h264') return 1;
  if (mime === 'video/vp9') return codec.parameters?.['profile-id'] === 2 ? 3 : 2;
  return 0;
}
