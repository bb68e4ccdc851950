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
