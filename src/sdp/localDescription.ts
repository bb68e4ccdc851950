import * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';
import { supportedRtcpFeedback } from './codecs.js';
import type { MediaKind, RemoteMediaSection } from './remoteDescription.js';

/** The SFU side of the one WebRtcTransport a session has: what every m-section repeats. */
export interface LocalTransport {
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  fingerprints: types.DtlsFingerprint[];
  /** `actpass` in our offers; in answers, whatever role the client's offer left us. */
  setup: 'actpass' | 'active' | 'passive';
}

/** A section where the client sends and the SFU receives (a pushed track). */
export interface ReceiveSection {
  type: 'receive';
  mid: string;
  kind: MediaKind;
  protocol?: string;
  /** The codec the client will send (its payload types) and its RTX. */
  codecs: types.RtpCodecParameters[];
  headerExtensions: types.RtpHeaderExtensionParameters[];
  /** RIDs the client announced for simulcast, in its order. */
  rids?: string[];
  /** Written with the router's numbers (an SFU offer), not echoing the client's. */
  sfuNumbered?: boolean;
  /**
   * A bidirectional transceiver (`sendrecv`): the SFU also sends on it, with these parameters once
   * a track is pulled into it (bidirectionalMediaStream).
   */
  bidirectional?: { rtpParameters?: types.RtpParameters; msid?: { streamId: string; trackId: string } };
}

/** A section where the SFU sends what a consumer forwards (a pulled track). */
export interface SendSection {
  type: 'send';
  mid: string;
  kind: MediaKind;
  protocol?: string;
  rtpParameters: types.RtpParameters;
  /** Stream and track ids the client sees (`a=msid`). */
  msid: { streamId: string; trackId: string };
}

export interface DataSection {
  type: 'data';
  mid: string;
  protocol?: string;
  sctpPort: number;
  maxMessageSize: number;
}

/** A stopped or refused section: port 0, kept so the m-line order never changes. */
export interface ClosedSection {
  type: 'closed';
  mid: string;
  kind: MediaKind | 'application';
  protocol?: string;
  payloadTypes?: number[];
}

/** An accepted section with nothing flowing yet (e.g. an offered m-line no track claimed). */
export interface InactiveSection {
  type: 'inactive';
  mid: string;
  kind: MediaKind;
  protocol?: string;
  codecs: types.RtpCodecParameters[];
  headerExtensions: types.RtpHeaderExtensionParameters[];
}

export type LocalSection = ReceiveSection | SendSection | DataSection | ClosedSection | InactiveSection;

export interface LocalDescriptionInput {
  /** Stable per session: the o= line's session id. */
  sessionVersionId: string;
  /** Must grow with every description the session produces. */
  version: number;
  transport: LocalTransport;
  sections: LocalSection[];
}

const rtpProtocol = 'UDP/TLS/RTP/SAVPF';
const sctpProtocol = 'UDP/DTLS/SCTP';

/** Writes the SFU's SDP (offer or answer): ICE-lite, one BUNDLE over every open section. */
export function writeLocalDescription(input: LocalDescriptionInput): string {
  const { transport } = input;
  const media = input.sections.map((section) => writeSection(section, transport));
  const bundled = input.sections.filter((s) => s.type !== 'closed').map((s) => s.mid);
  const description: sdpTransform.SessionDescription = {
    version: 0,
    origin: {
      username: '-',
      sessionId: input.sessionVersionId,
      sessionVersion: input.version,
      netType: 'IN',
      ipVer: 4,
      address: '127.0.0.1',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    msidSemantic: { semantic: 'WMS', token: '*' },
    media,
  };
  if (bundled.length > 0) description.groups = [{ type: 'BUNDLE', mids: bundled.join(' ') }];
  return sdpTransform.write(description);
}

function writeSection(section: LocalSection, transport: LocalTransport): sdpTransform.MediaDescription {
  if (section.type === 'closed') return writeClosed(section);
  const media: sdpTransform.MediaDescription = {
    type: section.type === 'data' ? 'application' : section.kind,
    port: 7,
    protocol: section.protocol ?? (section.type === 'data' ? sctpProtocol : rtpProtocol),
    connection: { version: 4, ip: '127.0.0.1' },
    mid: section.mid,
    iceUfrag: transport.iceParameters.usernameFragment,
    icePwd: transport.iceParameters.password,
    fingerprint: fingerprintOf(transport),
    setup: transport.setup,
    candidates: transport.iceCandidates.map((candidate, index) => ({
      foundation: candidate.foundation || String(index),
      component: 1,
      transport: candidate.protocol,
      priority: candidate.priority,
      ip: candidate.ip,
      port: candidate.port,
      type: candidate.type,
      ...(candidate.protocol === 'tcp' && candidate.tcpType ? { tcptype: candidate.tcpType } : {}),
    })),
    endOfCandidates: 'end-of-candidates',
    rtp: [],
    fmtp: [],
  };
  if (section.type === 'data') {
    media.payloads = 'webrtc-datachannel';
    media.sctpPort = section.sctpPort;
    media.maxMessageSize = section.maxMessageSize;
    return media;
  }
  media.rtcpMux = 'rtcp-mux';
  media.rtcpRsize = 'rtcp-rsize';
  if (section.type === 'receive') {
    media.direction = section.bidirectional ? 'sendrecv' : 'recvonly';
    writeCodecs(media, section.codecs, section.headerExtensions);
    const { rtpParameters, msid } = section.bidirectional ?? {};
    if (rtpParameters && msid) writeSendStreams(media, rtpParameters, msid);
    if (section.rids && section.rids.length > 0) {
      media.rids = section.rids.map((rid) => ({ id: rid, direction: 'recv' }));
      media.simulcast = { dir1: 'recv', list1: section.rids.join(';') };
    }
  } else if (section.type === 'inactive') {
    media.direction = 'inactive';
    writeCodecs(media, section.codecs, section.headerExtensions);
  } else {
    media.direction = 'sendonly';
    writeCodecs(media, section.rtpParameters.codecs, section.rtpParameters.headerExtensions ?? []);
    writeSendStreams(media, section.rtpParameters, section.msid);
  }
  return media;
}

function writeClosed(section: ClosedSection): sdpTransform.MediaDescription {
  const isData = section.kind === 'application';
  return {
    type: section.kind,
    port: 0,
    protocol: section.protocol ?? (isData ? sctpProtocol : rtpProtocol),
    payloads: isData ? 'webrtc-datachannel' : (section.payloadTypes?.length ? section.payloadTypes : [0]).join(' '),
    connection: { version: 4, ip: '0.0.0.0' },
    mid: section.mid,
    direction: 'inactive',
    rtp: [],
    fmtp: [],
  };
}

function writeCodecs(
  media: sdpTransform.MediaDescription,
  codecs: types.RtpCodecParameters[],
  headerExtensions: types.RtpHeaderExtensionParameters[],
): void {
  media.payloads = codecs.map((c) => c.payloadType).join(' ');
  media.rtcpFb = [];
  for (const codec of codecs) {
    const [, name = ''] = codec.mimeType.split('/');
    media.rtp.push({
      payload: codec.payloadType,
      codec: name,
      rate: codec.clockRate,
      ...(codec.channels && codec.channels > 1 ? { encoding: codec.channels } : {}),
    });
    const config = Object.entries(codec.parameters ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(';');
    if (config) media.fmtp.push({ payload: codec.payloadType, config });
    for (const fb of supportedRtcpFeedback(codec.rtcpFeedback ?? [])) {
      media.rtcpFb.push({ payload: codec.payloadType, type: fb.type, ...(fb.parameter ? { subtype: fb.parameter } : {}) });
    }
  }
  media.ext = headerExtensions.map((ext) => ({ value: ext.id, uri: ext.uri }));
}

function writeSendStreams(
  media: sdpTransform.MediaDescription,
  rtpParameters: types.RtpParameters,
  msid: { streamId: string; trackId: string },
): void {
  const { streamId, trackId } = msid;
  const cname = rtpParameters.rtcp?.cname ?? streamId;
  media.msid = `${streamId} ${trackId}`;
  media.ssrcs = [];
  media.ssrcGroups = [];
  for (const encoding of rtpParameters.encodings ?? []) {
    if (encoding.ssrc === undefined) continue;
    const ssrcs = encoding.rtx?.ssrc !== undefined ? [encoding.ssrc, encoding.rtx.ssrc] : [encoding.ssrc];
    for (const ssrc of ssrcs) {
      media.ssrcs.push({ id: ssrc, attribute: 'cname', value: cname });
      media.ssrcs.push({ id: ssrc, attribute: 'msid', value: `${streamId} ${trackId}` });
    }
    if (ssrcs.length === 2) media.ssrcGroups.push({ semantics: 'FID', ssrcs: ssrcs.join(' ') });
  }
}

function fingerprintOf(transport: LocalTransport): { type: string; hash: string } {
  const fingerprint =
    transport.fingerprints.find((f) => f.algorithm === 'sha-256') ?? transport.fingerprints.at(-1);
  if (!fingerprint) throw new Error('transport has no DTLS fingerprint');
  return { type: fingerprint.algorithm, hash: fingerprint.value };
}

/** The rejection of a section the remote offered: same kind, protocol and payload types, port 0. */
export function closedFormOfRemote(offered: RemoteMediaSection): ClosedSection {
  return {
    type: 'closed',
    mid: offered.mid,
    kind: offered.kind,
    protocol: offered.protocol,
    payloadTypes: offered.codecs.map((c) => c.payloadType),
  };
}
