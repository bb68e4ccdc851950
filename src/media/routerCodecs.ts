import type { types } from 'mediasoup';

/**
 * Codecs every router offers. Opus for audio; VP8, VP9 (profiles 0 and 2) and H264 (constrained
 * baseline, baseline and main, packetization-mode 1 and 0) for video, so browsers can publish with
 * their defaults. mediasoup adds RTX for each video codec itself.
 */
export const routerMediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
  { kind: 'video', mimeType: 'video/VP9', clockRate: 90000, parameters: { 'profile-id': 0 } },
  { kind: 'video', mimeType: 'video/VP9', clockRate: 90000, parameters: { 'profile-id': 2 } },
  ...h264('42e01f', 1),
  ...h264('42001f', 1),
  ...h264('4d001f', 1),
  ...h264('42e01f', 0),
];

function h264(profileLevelId: string, packetizationMode: 0 | 1): types.RtpCodecCapability[] {
  return [
    {
      kind: 'video',
      mimeType: 'video/H264',
      clockRate: 90000,
      parameters: {
        'packetization-mode': packetizationMode,
        'profile-level-id': profileLevelId,
        'level-asymmetry-allowed': 1,
      },
    },
  ];
}
