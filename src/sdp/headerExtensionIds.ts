import type { types } from 'mediasoup';
import type { LocalSection } from './localDescription.js';

/**
 * Makes one BUNDLE's extension ids agree. Sections the client numbered (published, idle) keep their
 * ids; a section with mediasoup's fixed ids (pulled, or offered for publishing) keeps an extension
 * only where its id and URI mean the same as everywhere else, and drops it otherwise: browsers
 * refuse a description where one id names two extensions. A dropped extension goes unread.
 */
export function harmonizeHeaderExtensions(sections: LocalSection[]): LocalSection[] {
  const uriById = new Map<number, string>();
  const idByUri = new Map<string, number>();
  const claim = (ext: types.RtpHeaderExtensionParameters): boolean => {
    const uri = uriById.get(ext.id);
    const id = idByUri.get(ext.uri);
    if ((uri !== undefined && uri !== ext.uri) || (id !== undefined && id !== ext.id)) return false;
    uriById.set(ext.id, ext.uri);
    idByUri.set(ext.uri, ext.id);
    return true;
  };
  for (const section of sections) {
    if ((section.type === 'receive' && !section.sfuNumbered) || section.type === 'inactive') {
      section.headerExtensions.forEach(claim);
    }
  }
  return sections.map((section) => {
    if (section.type === 'receive' && section.sfuNumbered) {
      return { ...section, headerExtensions: section.headerExtensions.filter(claim) };
    }
    if (section.type !== 'send') return section;
    const headerExtensions = (section.rtpParameters.headerExtensions ?? []).filter(claim);
    return { ...section, rtpParameters: { ...section.rtpParameters, headerExtensions } };
  });
}

/**
 * The router's header extensions a consumer on this PeerConnection may use: those whose id and URI
 * agree with what the client numbered (see harmonizeHeaderExtensions). Consuming with only these
 * matters for congestion control: a consumer negotiated with transport-cc or abs-send-time at an
 * id the client does not read would wait for feedback that never comes, and mediasoup would
 * starve it to the lowest bitrate.
 */
export function consumableExtensions(
  router: types.RtpHeaderExtension[],
  sections: LocalSection[],
): types.RtpHeaderExtension[] {
  const uriById = new Map<number, string>();
  const idByUri = new Map<string, number>();
  for (const section of sections) {
    if ((section.type === 'receive' && !section.sfuNumbered) || section.type === 'inactive') {
      for (const ext of section.headerExtensions) {
        uriById.set(ext.id, ext.uri);
        idByUri.set(ext.uri, ext.id);
      }
    }
  }
  return router.filter((ext) => {
    const uri = uriById.get(ext.preferredId);
    const id = idByUri.get(ext.uri);
    return (uri === undefined || uri === ext.uri) && (id === undefined || id === ext.preferredId);
  });
}
