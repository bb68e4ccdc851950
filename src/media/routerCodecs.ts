import type { types } from 'mediasoup';

/**
 * Codecs every router offers: Opus; VP8, VP9 (profiles 0 and 2) and H264 (baseline, constrained
 * baseline and main, packetization-mode 1).
 *
 * Payload types follow libwebrtc's (Chrome's) numbering, and the order is chosen so the RTX
 * numbers mediasoup hands out (first free from 100 up) are ones libwebrtc never uses for another
 * codec a browser would publish. Why: one PeerConnection carries both the client's published
 * sections (its numbers) and the SFU's pulled sections (the router's numbers, which mediasoup
 * consumers always use), and BUNDLE forbids one number meaning two codecs.
 * Resulting RTX: VP9p2 101, H264 42001f 103, VP8 104, VP9p0 105, H264 42e01f 106, H264 4d001f 107.
 */
export const routerMediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 111 },
  vp9(2, 100),
  h264('42001f', 102),
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {}, preferredPayloadType: 96 },
  vp9(0, 98),
  h264('42e01f', 108),
  h264('4d001f', 116),
];

function vp9(profileId: number, payloadType: number): types.RtpCodecCapability {
  return { kind: 'video', mimeType: 'video/VP9', clockRate: 90000, parameters: { 'profile-id': profileId }, preferredPayloadType: payloadType };
}

function h264(profileLevelId: string, payloadType: number): types.RtpCodecCapability {
  return {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': profileLevelId, 'level-asymmetry-allowed': 1 },
    preferredPayloadType: payloadType,
  };
}
