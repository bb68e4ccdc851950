import type { types } from 'mediasoup';
import { selectSendCodec, toRtpCodecParameters } from './codecs.js';
import type { ReceiveSection } from './localDescription.js';
import type { MediaKind, RemoteMediaSection } from './remoteDescription.js';
import { SdpError } from './SdpError.js';

const midUri = 'urn:ietf:params:rtp-hdrext:sdes:mid';

/**
 * Whether the SFU accepts a header extension the client offers to send.
 *
 * mediasoup forwards every video packet with its own fixed ids (MID 1, abs-send-time 4,
 * transport-cc 5), whatever a subscriber negotiated. A client that also receives on this
 * PeerConnection reads MID at the id it negotiated; libwebrtc's default is 4, where it would find
 * abs-send-time, take it for an unknown MID and drop the packet. So MID is accepted only at
 * mediasoup's id; otherwise the PeerConnection runs without MID and demuxes by the SSRCs the SDP
 * signals.
 */
function accepted(ext: { uri: string; id: number }, router: types.RtpHeaderExtension[]): boolean {
  const known = router.find((k) => k.uri === ext.uri);
  if (!known) return false;
  return ext.uri !== midUri || ext.id === known.preferredId;
}

export interface PublishedSection {
  kind: MediaKind;
  /** What to hand `transport.produce()`. */
  rtpParameters: types.RtpParameters;
  /** The m-section the SFU answers with. */
  answer: ReceiveSection;
  /** Simulcast RIDs as mediasoup's spatial layers, lowest first (see layerOrder); empty without simulcast. */
  rids: string[];
}

/**
 * Turns an m-section the client sends on into producer parameters: the first codec it prefers that
 * the router takes (with its RTX), the header extensions both sides know, and its SSRCs or RIDs.
 */
export function publishedSection(
  section: RemoteMediaSection,
  routerCapabilities: types.RtpCapabilities,
): PublishedSection {
  if (section.kind === 'application') throw new SdpError(`mid=${section.mid} is a data section, not audio or video`);
  if (section.rejected) throw new SdpError(`mid=${section.mid} is stopped (port 0) in the offer`);
  if (section.direction !== 'sendonly' && section.direction !== 'sendrecv') {
    throw new SdpError(`mid=${section.mid} is ${section.direction}: a pushed track must be sendonly or sendrecv`);
  }
  const chosen = selectSendCodec(section.codecs, routerCapabilities);
  if (!chosen) {
    const offered = section.codecs.map((c) => c.mimeType).join(', ');
    throw new SdpError(`mid=${section.mid}: none of the offered codecs (${offered}) is supported by the SFU`);
  }
  const codecs = [toRtpCodecParameters(chosen.codec)];
  if (chosen.rtx) codecs.push({ ...toRtpCodecParameters(chosen.rtx), rtcpFeedback: [] });

  const known = (routerCapabilities.headerExtensions ?? []).filter((ext) => ext.kind === section.kind);
  const headerExtensions: types.RtpHeaderExtensionParameters[] = section.headerExtensions
    .filter((ext) => accepted(ext, known))
    .map((ext) => ({ uri: ext.uri, id: ext.id }));

  const offeredRids = section.send.encodings.flatMap((e) => (e.rid ? [e.rid] : []));
  const rids = layerOrder(offeredRids);
  let encodings: types.RtpEncodingParameters[] = offeredRids.length > 0 ? rids.map((rid) => ({ rid })) : section.send.encodings;
  if (!chosen.rtx) encodings = encodings.map(({ rtx: _rtx, ...rest }) => rest);
  if (encodings.length === 0) {
    throw new SdpError(`mid=${section.mid} announces neither a=ssrc nor a=rid lines for what it sends`);
  }

  const rtpParameters: types.RtpParameters = {
    mid: section.mid,
    codecs,
    headerExtensions,
    encodings,
    rtcp: { reducedSize: section.reducedSize, ...(section.send.cname ? { cname: section.send.cname } : {}) },
  };
  const answer: ReceiveSection = {
    type: 'receive',
    mid: section.mid,
    kind: section.kind,
    protocol: section.protocol,
    codecs,
    headerExtensions,
    ...(offeredRids.length > 0 ? { rids: offeredRids } : {}),
  };
  return { kind: section.kind, rtpParameters, answer, rids };
}

/**
 * mediasoup takes simulcast encodings lowest layer first. The hosted service ranks layers by RID
 * "asciibetically", best first (`f`,`h`,`q`: full, half, quarter; `a` above `b`), which is how its
 * clients name them whatever order they list them in; so the layers are the RIDs in reverse
 * ASCII order.
 */
export function layerOrder(rids: string[]): string[] {
  return [...rids].sort().reverse();
}
