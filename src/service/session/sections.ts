import { closedFormOfRemote, type LocalSection, type RemoteMediaSection } from '../../sdp/index.js';
import type { PublishedTrack, PulledTrack, SessionTrack } from '../tracks/tracks.js';

/** One m-section of the session's PeerConnection, in m-line order, and what fills it. */
export type Section =
  | {
      role: 'publish';
      mid: string;
      track: PublishedTrack;
      local: LocalSection;
      /** A sendrecv transceiver (bidirectionalMediaStream): a track may be pulled into it too. */
      bidirectional?: { pull?: PulledTrack; msid?: { streamId: string; trackId: string } };
    }
  | {
      role: 'pull';
      mid: string;
      track: PulledTrack;
      msid: { streamId: string; trackId: string };
      /** When the client offered the section: the extension URIs it offered (an answer may use no others). */
      offeredExtensions?: string[];
    }
  | { role: 'data'; mid: string; local: LocalSection }
  /** Offered by the SFU for the client to publish on; becomes `publish` when the answer comes. */
  | { role: 'offeredPublish'; mid: string; trackName: string; local: LocalSection; bidirectional?: boolean }
  | { role: 'idle'; mid: string; local: LocalSection }
  | { role: 'closed'; mid: string; local: LocalSection };


/**
 * The SDP description of one section as it stands now. A section whose track ended stays open but
 * inactive until the client stops it (port 0 only then): rejecting every m-line would leave a
 * max-bundle PeerConnection without a BUNDLE group.
 */
export function localSectionOf(section: Section): LocalSection {
  switch (section.role) {
    case 'publish': {
      if (section.track.closed) return inactiveForm(section.local);
      if (!section.bidirectional || section.local.type !== 'receive') return section.local;
      const { pull, msid } = section.bidirectional;
      const sending = pull && !pull.closed && msid ? { rtpParameters: pull.consumer.rtpParameters, msid } : {};
      return { ...section.local, bidirectional: sending };
    }
    case 'pull': {
      const { track } = section;
      const { rtpParameters } = track.consumer;
      const allowed = section.offeredExtensions;
      const headerExtensions = allowed
        ? (rtpParameters.headerExtensions ?? []).filter((e) => allowed.includes(e.uri))
        : (rtpParameters.headerExtensions ?? []);
      if (track.closed) {
        return { type: 'inactive', mid: section.mid, kind: track.kind, codecs: rtpParameters.codecs, headerExtensions };
      }
      return { type: 'send', mid: section.mid, kind: track.kind, rtpParameters: { ...rtpParameters, headerExtensions }, msid: section.msid };
    }
    default:
      return section.local;
  }
}

function inactiveForm(local: LocalSection): LocalSection {
  if (local.type !== 'receive') return local;
  const { codecs, headerExtensions, mid, kind, protocol } = local;
  return { type: 'inactive', mid, kind, codecs, headerExtensions, ...(protocol ? { protocol } : {}) };
}

/** The same section stopped: port 0, same kind, protocol and payload types. */
function closedForm(local: LocalSection): LocalSection {
  if (local.type === 'closed') return local;
  const kind = local.type === 'data' ? 'application' : local.kind;
  const payloadTypes =
    local.type === 'receive' || local.type === 'inactive'
      ? local.codecs.map((c) => c.payloadType)
      : local.type === 'send'
        ? local.rtpParameters.codecs.map((c) => c.payloadType)
        : [];
  return { type: 'closed', mid: local.mid, kind, ...(local.protocol ? { protocol: local.protocol } : {}), payloadTypes };
}

/**
 * The one builder of a stopped section (port 0): from a section the session had, keeping its
 * kind, protocol and payload types; or from an offered m-section the SFU rejects.
 */
export function stoppedSection(from: Section | RemoteMediaSection): Section {
  if (!('role' in from)) return { role: 'closed', mid: from.mid, local: closedFormOfRemote(from) };
  return { role: 'closed', mid: from.mid, local: closedForm(localSectionOf(from)) };
}

/** The track a publish or pull section carries. */
export function trackOfSection(section: Section | undefined): SessionTrack | undefined {
  return section && (section.role === 'publish' || section.role === 'pull') ? section.track : undefined;
}

/** Whether a section's track is still open (closing it means something). */
export function sectionIsOpen(section: Section): boolean {
  const track = trackOfSection(section);
  if (track) return !track.closed;
  return section.role !== 'closed';
}
