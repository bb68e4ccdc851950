import sdpTransform from 'sdp-transform';
import { SfuError } from '../src/service/index.js';

/** One m-section of a WHIP or WHEP client's offer, as this face needs it. */
export interface OfferSection {
  mid: string;
  kind: 'audio' | 'video';
  /** What the client does with it: a WHIP encoder sends, a WHEP player receives. */
  sends: boolean;
  receives: boolean;
}

/**
 * The audio and video sections of an offer that are not disabled (port 0). Anything the SDP lacks
 * (a mid) is the client's mistake; the service validates the rest of the offer itself.
 */
export function offerSections(sdp: string): OfferSection[] {
  let parsed: sdpTransform.SessionDescription;
  try {
    parsed = sdpTransform.parse(sdp);
  } catch (error) {
    throw new SfuError('invalid_session_description', `the body is not an SDP offer: ${(error as Error).message}`);
  }
  const sections: OfferSection[] = [];
  for (const media of parsed.media ?? []) {
    if ((media.type !== 'audio' && media.type !== 'video') || media.port === 0) continue;
    if (media.mid === undefined) throw new SfuError('invalid_session_description', `an ${media.type} m-section has no a=mid`);
    const direction = media.direction ?? parsed.direction ?? 'sendrecv';
    sections.push({
      mid: String(media.mid),
      kind: media.type,
      sends: direction === 'sendonly' || direction === 'sendrecv',
      receives: direction === 'recvonly' || direction === 'sendrecv',
    });
  }
  return sections;
}

/**
 * Track names for a publisher's sections: the first of each kind is named after it (`audio`,
 * `video`), so a WHEP player finds it by kind; further ones get `video-2`, `video-3`...
 */
export function trackNames(sections: OfferSection[]): string[] {
  const seen = { audio: 0, video: 0 };
  return sections.map(({ kind }) => (++seen[kind] === 1 ? kind : `${kind}-${seen[kind]}`));
}
