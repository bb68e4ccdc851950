import wrtc from '@roamhq/wrtc';
import type { CallsClient, TrackItem } from './callsClient.js';
import { SyntheticMedia, WrtcPeer } from './wrtcPeer.js';

export interface Publisher {
  peer: WrtcPeer;
  media: SyntheticMedia;
  sessionId: string;
  /** trackName by kind. */
  tracks: { audio: string; video: string };
  mids: { audio: string; video: string };
}

export interface PublishOptions {
  /**
   * Offer only this video codec (and its RTX), matched against libwebrtc's mimeType and fmtp line,
   * e.g. /^video\/VP9 profile-id=0$/. @default every codec libwebrtc offers (VP8 is its first)
   */
  videoCodec?: RegExp;
  /** The peer to publish from (e.g. one configured with ICE servers). @default a new WrtcPeer */
  peer?: WrtcPeer;
}

/** Publishes synthetic audio+video the way Cloudflare's docs show: client offer -> tracks/new -> answer. */
export async function publish(client: CallsClient, prefix = 'cam', media = new SyntheticMedia(), options: PublishOptions = {}): Promise<Publisher> {
  const peer = options.peer ?? new WrtcPeer();
  const audio = peer.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
  const video = peer.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
  if (options.videoCodec) preferVideoCodec(video, options.videoCodec);
  const { sessionId } = await client.newSession();
  const offer = await peer.offer();
  const tracks = { audio: `${prefix}-audio`, video: `${prefix}-video` };
  const mids = { audio: audio.mid!, video: video.mid! };
  const result = await client.newTracks(sessionId, {
    sessionDescription: offer,
    tracks: [
      { location: 'local', mid: mids.audio, trackName: tracks.audio },
      { location: 'local', mid: mids.video, trackName: tracks.video },
    ],
  });
  const failed = result.tracks.filter((t) => t.errorCode);
  if (failed.length > 0) throw new Error(`publish failed: ${JSON.stringify(failed)}`);
  await peer.pc.setRemoteDescription(result.sessionDescription!);
  return { peer, media, sessionId, tracks, mids };
}

/** Restricts a transceiver's offer to the codecs matching `codec` (plus RTX); throws if libwebrtc has none. */
function preferVideoCodec(transceiver: RTCRtpTransceiver, codec: RegExp): void {
  const codecs = wrtc.RTCRtpSender.getCapabilities('video')?.codecs ?? [];
  const chosen = codecs.filter((c) => codec.test(`${c.mimeType} ${c.sdpFmtpLine ?? ''}`.trim()));
  if (chosen.length === 0) throw new Error(`libwebrtc offers no video codec matching ${codec}: ${codecs.map((c) => c.mimeType).join(', ')}`);
  transceiver.setCodecPreferences([...chosen, ...codecs.filter((c) => c.mimeType === 'video/rtx')]);
}

export interface Subscriber {
  peer: WrtcPeer;
  sessionId: string;
  results: TrackItem[];
}

/** Pulls tracks: tracks/new without offer -> SFU offer -> client answer -> renegotiate. */
export async function pull(
  client: CallsClient,
  tracks: { sessionId: string; trackName: string; simulcast?: unknown }[],
  existing?: { peer: WrtcPeer; sessionId: string },
): Promise<Subscriber> {
  const peer = existing?.peer ?? new WrtcPeer();
  const sessionId = existing?.sessionId ?? (await client.newSession()).sessionId;
  const result = await client.newTracks(sessionId, {
    tracks: tracks.map((t) => ({ location: 'remote', ...t })),
  });
  if (result.sessionDescription) {
    if (!result.requiresImmediateRenegotiation) throw new Error('an SFU offer must require renegotiation');
    const answer = await peer.answer(result.sessionDescription);
    await client.renegotiate(sessionId, answer);
  }
  return { peer, sessionId, results: result.tracks };
}

/** Ends every peer (wrtc keeps its process alive otherwise) and stops publishers' synthetic media. */
export function closePeers(peers: (Publisher | Subscriber | undefined)[]): void {
  for (const p of peers) {
    p?.peer.close();
    if (p && 'media' in p) p.media.stop();
  }
}
