import * as sdpTransform from 'sdp-transform';
import type { types } from 'mediasoup';
import { SdpError } from './SdpError.js';

/** The shape clients send: `{ type, sdp }`, as in the browser's RTCSessionDescriptionInit. */
export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export type MediaKind = 'audio' | 'video';
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One codec as the remote peer wrote it, payload type included. */
export interface RemoteCodec {
  payloadType: number;
  /** e.g. `video/VP8`, `audio/opus`, `video/rtx`. */
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters: Record<string, string | number>;
  rtcpFeedback: types.RtcpFeedback[];
}

export interface RemoteHeaderExtension {
  uri: string;
  id: number;
}

/** What the remote will send in one m-section: its SSRCs or RIDs. */
export interface RemoteSendStreams {
  /** Encodings in the order the remote lists them (low to high for rid-based simulcast). */
  encodings: types.RtpEncodingParameters[];
  cname?: string;
  /** `a=msid:<stream> <track>` of the remote, if any. */
  msid?: { streamId: string; trackId: string };
}

export interface RemoteMediaSection {
  index: number;
  mid: string;
  kind: MediaKind | 'application';
  /**
   * The remote rejected or stopped the section: port 0 without `a=bundle-only`. A port-0 section
   * marked `a=bundle-only` and listed in the BUNDLE group is live (RFC 8843 section 6, RFC 8829
   * section 5.2.1): Firefox offers every m-section after the first so under `max-bundle`.
   */
  rejected: boolean;
  /** Offered with `a=bundle-only`: it has no transport of its own, only the BUNDLE group's. */
  bundleOnly: boolean;
  protocol: string;
  direction: Direction;
  codecs: RemoteCodec[];
  headerExtensions: RemoteHeaderExtension[];
  reducedSize: boolean;
  send: RemoteSendStreams;
  sctp?: { port: number; maxMessageSize: number };
}

export interface RemoteDtls {
  /** Setup attribute of the remote: who starts the DTLS handshake. */
  setup: 'actpass' | 'active' | 'passive';
  fingerprints: types.DtlsFingerprint[];
}

export interface RemoteDescription {
  type: 'offer' | 'answer';
  /** The remote is an ICE-lite agent (another SFU, say). */
  iceLite: boolean;
  iceUfrag: string;
  icePwd: string;
  dtls: RemoteDtls;
  sections: RemoteMediaSection[];
}

const fingerprintAlgorithms = new Set(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

/**
 * Reads a client's offer or answer into the facts negotiation needs. Anything we cannot make
 * sense of is an SdpError naming the line at fault, never a crash further down.
 */
export function parseRemoteDescription(description: unknown): RemoteDescription {
  try {
    return parse(description);
  } catch (error) {
    // A value of an unexpected type deep in the SDP is still the client's mistake, not ours.
    if (error instanceof SdpError) throw error;
    throw new SdpError(`SDP could not be understood: ${(error as Error).message}`);
  }
}

function parse(description: unknown): RemoteDescription {
  const { type, sdp } = checkShape(description);
  let parsed: sdpTransform.SessionDescription;
  try {
    parsed = sdpTransform.parse(sdp);
  } catch (error) {
    throw new SdpError(`SDP could not be parsed: ${(error as Error).message}`);
  }
  if (parsed.version !== 0 || !Array.isArray(parsed.media)) {
    throw new SdpError('SDP must start with "v=0" and contain media sections');
  }
  if (parsed.media.length === 0) throw new SdpError('SDP has no media sections (m= lines)');

  const bundled = bundleGroupMids(parsed);
  const sections = parsed.media.map((media, index) => parseSection(media, index, bundled));
  const mids = new Set<string>();
  for (const section of sections) {
    if (mids.has(section.mid)) throw new SdpError(`a=mid:${section.mid} appears twice`);
    mids.add(section.mid);
  }
  const active = parsed.media[sections.find((s) => !s.rejected)?.index ?? 0]!;
  const iceUfrag = text(active.iceUfrag ?? parsed.iceUfrag);
  const icePwd = text(active.icePwd ?? parsed.icePwd);
  if (!iceUfrag || !icePwd) throw new SdpError('SDP has no a=ice-ufrag / a=ice-pwd');
  return {
    type,
    iceLite: parsed.icelite === 'ice-lite',
    iceUfrag,
    icePwd,
    dtls: parseDtls(parsed, active),
    sections,
  };
}

/** The mids of the BUNDLE group (a=group:BUNDLE), if the remote offers one. */
function bundleGroupMids(parsed: sdpTransform.SessionDescription): Set<string> {
  const group = (parsed.groups ?? []).find((g) => String(g.type).toUpperCase() === 'BUNDLE');
  return new Set(group ? String(group.mids).trim().split(/\s+/) : []);
}

/** sdp-transform turns numeric-looking values into numbers; an absent one stays undefined. */
function text(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function checkShape(description: unknown): SessionDescription {
  if (typeof description !== 'object' || description === null) {
    throw new SdpError('sessionDescription must be an object {type, sdp}');
  }
  const { type, sdp } = description as Record<string, unknown>;
  if (type !== 'offer' && type !== 'answer') {
    throw new SdpError(`sessionDescription.type must be "offer" or "answer", got ${JSON.stringify(type)}`);
  }
  if (typeof sdp !== 'string' || sdp.trim() === '') {
    throw new SdpError('sessionDescription.sdp must be a non-empty string');
  }
  if (!/^v=0\r?$/m.test(sdp.split('\n', 1)[0] ?? '')) {
    throw new SdpError('sessionDescription.sdp must start with "v=0"');
  }
  return { type, sdp };
}

function parseDtls(session: sdpTransform.SessionDescription, media: sdpTransform.MediaDescription): RemoteDtls {
  const fingerprint = media.fingerprint ?? session.fingerprint;
  if (!fingerprint) throw new SdpError('SDP has no a=fingerprint');
  const algorithm = String(fingerprint.type).toLowerCase();
  if (!fingerprintAlgorithms.has(algorithm)) {
    throw new SdpError(`a=fingerprint algorithm "${fingerprint.type}" is not supported`);
  }
  const setup = String(media.setup ?? session.setup ?? 'actpass').toLowerCase();
  if (setup !== 'actpass' && setup !== 'active' && setup !== 'passive') {
    throw new SdpError(`a=setup:${setup} is not one of actpass, active, passive`);
  }
  return {
    setup,
    fingerprints: [{ algorithm, value: String(fingerprint.hash).toUpperCase() }],
  };
}

function parseSection(media: sdpTransform.MediaDescription, index: number, bundled: Set<string>): RemoteMediaSection {
  const kind = media.type;
  if (kind !== 'audio' && kind !== 'video' && kind !== 'application') {
    throw new SdpError(`m-section ${index} has unsupported media type "${kind}"`);
  }
  if (media.mid === undefined || String(media.mid) === '') {
    throw new SdpError(`m-section ${index} has no a=mid (BUNDLE needs one on every section)`);
  }
  const mid = String(media.mid);
  const bundleOnly = media.bundleOnly !== undefined && bundled.has(mid);
  const rejected = media.port === 0 && !bundleOnly;
  const section: RemoteMediaSection = {
    index,
    mid,
    kind,
    rejected,
    bundleOnly,
    protocol: media.protocol,
    direction: media.direction ?? 'sendrecv',
    codecs: [],
    headerExtensions: [],
    reducedSize: media.rtcpRsize === 'rtcp-rsize',
    send: { encodings: [] },
  };
  if (kind === 'application') {
    section.sctp = { port: media.sctpPort ?? 5000, maxMessageSize: media.maxMessageSize ?? 65536 };
    return section;
  }
  section.codecs = parseCodecs(media, mid);
  if (!rejected && section.codecs.length === 0) throw new SdpError(`m-section mid=${mid} offers no codecs`);
  section.headerExtensions = (media.ext ?? []).map((ext) => ({ uri: String(ext.uri), id: headerExtensionId(ext.value, mid) }));
  section.send = parseSendStreams(media, mid);
  return section;
}

function parseCodecs(media: sdpTransform.MediaDescription, mid: string): RemoteCodec[] {
  const kind = media.type;
  const codecs: RemoteCodec[] = [];
  for (const rtp of media.rtp ?? []) {
    if (!Number.isInteger(rtp.payload) || rtp.payload < 0 || rtp.payload > 127) {
      throw new SdpError(`m-section mid=${mid} has invalid payload type ${rtp.payload}`);
    }
    const fmtp = (media.fmtp ?? []).find((f) => f.payload === rtp.payload);
    const codec: RemoteCodec = {
      payloadType: rtp.payload,
      mimeType: `${kind}/${rtp.codec}`,
      clockRate: Number(rtp.rate ?? 90000),
      parameters: fmtp ? sdpTransform.parseParams(String(fmtp.config)) : {},
      rtcpFeedback: [],
    };
    if (kind === 'audio') codec.channels = Number(rtp.encoding ?? 1);
    codecs.push(codec);
  }
  for (const fb of media.rtcpFb ?? []) {
    const feedback: types.RtcpFeedback = { type: fb.type, parameter: fb.subtype ?? '' };
    for (const codec of codecs) {
      if (fb.payload === '*' || Number(fb.payload) === codec.payloadType) codec.rtcpFeedback.push(feedback);
    }
  }
  return codecs;
}

/** SSRCs, RTX pairs and simulcast RIDs the remote announces for what it sends. */
function parseSendStreams(media: sdpTransform.MediaDescription, mid: string): RemoteSendStreams {
  const send: RemoteSendStreams = { encodings: [] };
  const cnameLine = (media.ssrcs ?? []).find((s) => s.attribute === 'cname');
  if (cnameLine?.value) send.cname = String(cnameLine.value);
  const msid = media.msid ?? (media.ssrcs ?? []).find((s) => s.attribute === 'msid')?.value;
  if (msid) {
    const [streamId = '-', trackId = ''] = String(msid).trim().split(/\s+/);
    send.msid = { streamId, trackId };
  }

  const sendRids = (media.rids ?? []).filter((r) => r.direction === 'send').map((r) => String(r.id));
  if (sendRids.length > 0) {
    send.encodings = orderBySimulcastLine(media, sendRids).map((rid) => ({ rid }));
    return send;
  }

  const rtxOf = new Map<number, number>();
  for (const group of media.ssrcGroups ?? []) {
    if (group.semantics !== 'FID') continue;
    const [primary, rtx] = String(group.ssrcs).split(/\s+/).map(Number);
    if (primary === undefined || rtx === undefined || Number.isNaN(primary) || Number.isNaN(rtx)) {
      throw new SdpError(`m-section mid=${mid} has a malformed a=ssrc-group:FID`);
    }
    rtxOf.set(primary, rtx);
  }
  const simGroup = (media.ssrcGroups ?? []).find((g) => g.semantics === 'SIM');
  const primaries = simGroup
    ? String(simGroup.ssrcs).split(/\s+/).map(Number)
    : firstPrimarySsrc(media, new Set(rtxOf.values()));
  send.encodings = primaries.map((ssrc) => {
    const rtx = rtxOf.get(ssrc);
    checkSsrc(ssrc, mid);
    if (rtx !== undefined) checkSsrc(rtx, mid);
    return rtx === undefined ? { ssrc } : { ssrc, rtx: { ssrc: rtx } };
  });
  return send;
}

/** An RTP header extension id: 1 to 255 (RFC 8285; 1 to 14 in one-byte headers). */
function headerExtensionId(value: unknown, mid: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1 || id > 255) throw new SdpError(`m-section mid=${mid} has an a=extmap id ${String(value)}: ids are 1 to 255`);
  return id;
}

/** An SSRC is a 32-bit number (RFC 3550). */
function checkSsrc(ssrc: number, mid: string): void {
  if (!Number.isInteger(ssrc) || ssrc < 0 || ssrc > 0xffffffff) throw new SdpError(`m-section mid=${mid} has an SSRC ${ssrc} that is not a 32-bit number`);
}

function orderBySimulcastLine(media: sdpTransform.MediaDescription, rids: string[]): string[] {
  const simulcast = media.simulcast;
  const list = simulcast?.dir1 === 'send' ? simulcast.list1 : simulcast?.dir2 === 'send' ? simulcast.list2 : undefined;
  if (!list) return rids;
  // "a;b;c" or "a,b;c": alternatives after commas; a leading "~" marks a paused stream.
  const ordered = String(list)
    .split(';')
    .map((alternatives) => alternatives.split(',')[0]!.replace(/^~/, ''))
    .filter((rid) => rids.includes(rid));
  return ordered.length > 0 ? ordered : rids;
}

function firstPrimarySsrc(media: sdpTransform.MediaDescription, rtxSsrcs: Set<number>): number[] {
  const first = (media.ssrcs ?? []).find((s) => !rtxSsrcs.has(Number(s.id)));
  return first ? [Number(first.id)] : [];
}
