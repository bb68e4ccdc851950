import type { LocalSection } from '../../sdp/index.js';
import type { Section } from './Session.js';

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
export function closedForm(local: LocalSection): LocalSection {
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
