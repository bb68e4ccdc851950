import { consumableExtensions, findPayloadTypeCollision } from '../../sdp/index.js';
import { SfuError } from '../errors.js';
import type { PullClaim } from './answerOffer.js';
import { localSectionOf } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import { PulledTrack, type PublishedTrack } from '../tracks/tracks.js';
import type { SimulcastPreferences } from '../types.js';

/**
 * Creates the consumer that carries a pulled track in the m-section `mid` of `session`, paused
 * until the client has the section.
 */
export async function consumeInto(
  session: Session,
  pull: PullClaim,
  mid: string,
  /** When the client offered the section: the extensions (and ids) it offered there. */
  offeredExtensions?: { uri: string; id: number }[],
): Promise<PulledTrack> {
  const { source } = pull;
  // mediasoup consumers always send with the router's payload types and extension ids; consume
  // with only the extensions the client reads at those ids (in an answer: that it offered at them).
  const router = session.worker.router.rtpCapabilities;
  const current = session.sections.filter((s) => s.mid !== mid).map((s) => localSectionOf(s));
  const readable = consumableExtensions(router.headerExtensions ?? [], current).filter(
    (ext) => !offeredExtensions || offeredExtensions.some((o) => o.uri === ext.uri && o.id === ext.preferredId),
  );
  const rtpCapabilities = { ...router, headerExtensions: readable };
  if (!session.worker.router.canConsume({ producerId: source.producer.id, rtpCapabilities })) {
    throw new SfuError('not_found_track_error', `track "${source.trackName}" uses a codec this session cannot receive`);
  }
  const consumer = await session.transport.consume({
    producerId: source.producer.id,
    rtpCapabilities,
    paused: true,
    mid,
    appData: { sessionId: session.id },
  });
  const collision = findPayloadTypeCollision([
    ...current,
    { type: 'send', mid, kind: source.kind, rtpParameters: consumer.rtpParameters, msid: { streamId: '-', trackId: '-' } },
  ]);
  if (collision) {
    consumer.close();
    throw new SfuError(
      'invalid_session_description',
      `payload type ${collision.payloadType} is ${collision.codecs[0]} at mid ${collision.mids[0]} on this PeerConnection, ` +
        `but track "${source.trackName}" needs it for ${collision.codecs[1]}; publish with the SFU's payload types or pull on another session`,
    );
  }
  const track = new PulledTrack(source.trackName, mid, source.kind, pull.publisherSessionId, consumer, pull.simulcast);
  session.addTrack(track);
  await preferLayer(track, source, pull.simulcast);
  return track;
}

/** Points a simulcast consumer at the layer whose RID is preferred ("" or none: by bandwidth). */
export async function preferLayer(track: PulledTrack, source: PublishedTrack, simulcast: SimulcastPreferences | undefined): Promise<void> {
  const { consumer } = track;
  if (consumer.type !== 'simulcast' || consumer.closed) return;
  const preferred = simulcast?.preferredRid;
  const spatialLayer = preferred ? source.rids.indexOf(preferred) : source.rids.length - 1;
  if (spatialLayer >= 0) await consumer.setPreferredLayers({ spatialLayer, temporalLayer: 2 });
}
