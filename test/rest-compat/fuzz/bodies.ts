import type { Targets } from './types.js';
import { hugeString, jsonText, mutate, offerFixtures, oddString, oddValue, toJson, type Rng } from './random.js';

/* Request bodies: a valid-looking one per route, and the generator that bends it. */

export const offer = (rng: Rng) => ({ type: 'offer', sdp: rng.pick(offerFixtures) });
const sessionIn = (t: Targets, rng: Rng) => (rng.chance(0.85) ? rng.pick(t.bodySessions) : rng.hex(32));

/** One valid-looking body per route, the fuzz's starting points. */
export const validBodies: Record<string, (t: Targets, rng: Rng) => unknown> = {
  newSession: (_, rng) => rng.pick([undefined, {}, { sessionDescription: offer(rng) }]),
  addTracks: (t, rng) =>
    rng.pick([
      { sessionDescription: offer(rng), tracks: [{ location: 'local', mid: '0', trackName: `a${rng.int(9)}` }, { location: 'local', mid: '1', trackName: `v${rng.int(9)}` }] },
      { tracks: [{ location: 'remote', sessionId: sessionIn(t, rng), trackName: rng.pick(t.trackNames), simulcast: { preferredRid: 'h' } }] },
      { tracks: [{ location: 'local', trackName: `s${rng.int(9)}`, kind: rng.pick(['audio', 'video']), bidirectionalMediaStream: rng.chance(0.5) }] },
      { sessionDescription: offer(rng), autoDiscover: true },
    ]),
  renegotiate: (_, rng) => ({ sessionDescription: { type: rng.pick(['offer', 'answer']), sdp: rng.pick(offerFixtures) } }),
  updateTracks: (t, rng) => ({
    tracks: [{ location: 'remote', mid: rng.pick(['0', '1', '2']), sessionId: sessionIn(t, rng), trackName: rng.pick(t.trackNames), simulcast: { preferredRid: rng.pick(['h', 'l', '']), priorityOrdering: 'asciibetical', ridNotAvailable: 'none' } }],
  }),
  closeTracks: (_, rng) => rng.pick([{ tracks: [{ mid: '0' }, { mid: '1' }], force: rng.chance(0.5) }, { tracks: [{ mid: '1' }], sessionDescription: offer(rng) }]),
  establish: (_, rng) => rng.pick([{}, { dataChannel: { location: 'remote', dataChannelName: 'server-events' } }, { sessionDescription: { type: 'offer', sdp: offerFixtures[2]! } }]),
  newDataChannels: (t, rng) => ({
    dataChannels: [
      { location: 'local', dataChannelName: `chat${rng.int(3)}`, ordered: false, maxRetransmits: rng.int(3) },
      { location: 'remote', sessionId: sessionIn(t, rng), dataChannelName: `chat${rng.int(3)}`, waitForAck: rng.chance(0.3), canReply: rng.chance(0.5) },
    ],
  }),
  updateDataChannels: (t, rng) => ({ dataChannels: [{ location: 'remote', sessionId: sessionIn(t, rng), dataChannelName: `chat${rng.int(3)}`, canReply: rng.chance(0.5) }] }),
  closeDataChannels: (_, rng) => ({ dataChannels: [{ id: rng.int(4) }, { id: rng.int(4) }] }),
};

export const contentTypes = [undefined, 'application/json', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/octet-stream', 'application/json; charset=utf-16', ''];

/** A request body: a mutated or valid one, odd JSON, not JSON at all, nothing, or too large. */
export function body(valid: unknown, rng: Rng): string | Uint8Array<ArrayBuffer> | undefined {
  const roll = rng.next();
  if (roll < 0.55) return jsonText(mutate(valid, rng), rng);
  if (roll < 0.7) return valid === undefined ? undefined : toJson(valid);
  if (roll < 0.8) return toJson(oddValue(rng));
  if (roll < 0.9) {
    const text = toJson(valid ?? {});
    return rng.pick<() => string | Uint8Array<ArrayBuffer>>([
      () => text.slice(0, rng.int(text.length)), () => '{"tracks": [ nope', () => `\uFEFF${text}`, () => oddString(rng),
      () => Uint8Array.from({ length: 1 + rng.int(200) }, () => rng.int(256)),
    ])();
  }
  if (roll < 0.99) return rng.pick([undefined, '', ' ', 'null']);
  return hugeString;
}
