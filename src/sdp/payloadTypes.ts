import { codecKey, isRtx } from './codecs.js';
import type { LocalSection } from './localDescription.js';

export interface PayloadTypeCollision {
  payloadType: number;
  mids: [string, string];
  codecs: [string, string];
}

/**
 * The first payload type that two open sections of one BUNDLE use for different codecs, if any.
 * Browsers reject such a description, so the SFU checks before writing one.
 */
export function findPayloadTypeCollision(sections: LocalSection[]): PayloadTypeCollision | undefined {
  const seen = new Map<number, { key: string; mid: string; mime: string }>();
  for (const section of sections) {
    const codecs =
      section.type === 'receive' || section.type === 'inactive'
        ? section.codecs
        : section.type === 'send'
          ? section.rtpParameters.codecs
          : [];
    const byPayloadType = new Map(codecs.map((c) => [c.payloadType, c]));
    for (const codec of codecs) {
      const apt = byPayloadType.get(Number(codec.parameters?.['apt']));
      const key = isRtx(codec) ? `rtx:${apt ? codecKey(apt) : '?'}` : codecKey(codec);
      const earlier = seen.get(codec.payloadType);
      if (!earlier) {
        seen.set(codec.payloadType, { key, mid: section.mid, mime: codec.mimeType });
      } else if (earlier.key !== key) {
        return { payloadType: codec.payloadType, mids: [earlier.mid, section.mid], codecs: [earlier.mime, codec.mimeType] };
      }
    }
  }
  return undefined;
}
