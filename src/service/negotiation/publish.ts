import { publishedSection, type RemoteMediaSection } from '../../sdp/index.js';
import { SfuError } from '../errors.js';
import { stoppedSection, type Section } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import { PublishedTrack } from '../tracks/tracks.js';
import type { TrackResult } from '../types.js';

/** Whether the client sends on this m-section (so it can be published). */
export function sends(section: RemoteMediaSection): boolean {
  return section.kind !== 'application' && !section.rejected && (section.direction === 'sendonly' || section.direction === 'sendrecv');
}

/**
 * Publishes what the client sends on `offered` as the track `trackName`: a mediasoup producer and
 * the section that answers it. A failure is the item's result, and the m-section is rejected.
 */
export async function publishInto(
  session: Session,
  offered: RemoteMediaSection,
  { trackName, bidirectional = false }: { trackName: string; bidirectional?: boolean },
): Promise<{ section: Section; result: TrackResult }> {
  try {
    if (session.openPublishedTrack(trackName)) {
      throw new SfuError('repeated_local_track_error', `this session already publishes a track named "${trackName}"`);
    }
    const published = publishedSection(offered, session.worker.router.rtpCapabilities);
    const producer = await session.transport.produce({
      kind: published.kind,
      rtpParameters: published.rtpParameters,
      // libwebrtc ignores a keyframe request within 300 ms of the last one it honoured, and
      // mediasoup retries only after 1 s: spacing requests by 350 ms lets a late subscriber's
      // request through instead of leaving it a second without video (see docs/benchmarks.md).
      keyFrameRequestDelay: 350,
      appData: { sessionId: session.id, trackName },
    });
    const track = new PublishedTrack(trackName, offered.mid, published.kind, producer, published.rids);
    session.addTrack(track);
    const section: Section = { role: 'publish', mid: offered.mid, track, local: published.answer };
    if (bidirectional && offered.direction === 'sendrecv') section.bidirectional = {};
    return { section, result: { location: 'local', mid: offered.mid, trackName, kind: published.kind } };
  } catch (error) {
    return { section: stoppedSection(offered), result: { location: 'local', mid: offered.mid, trackName, ...session.itemError(error, offered.mid) } };
  }
}
