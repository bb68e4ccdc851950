import type { TrackRequest, TrackState } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { MediaKind, TrackLocation, TrackStatus } from './enums.js';
import { liveSession, SessionRef } from './sessionRef.js';
import { SimulcastInput, SimulcastPreferences, simulcastFromInput } from './simulcast.js';

/** A track as a session holds it, with the id of that session (a local track's publisher). */
export type TrackShape = TrackState & { ownerSessionId: string };

export const Track = builder.objectRef<TrackShape>('Track').implement({
  description: 'A track of a session: one it publishes (`local`) or one it pulls from another session (`remote`).',
  fields: (t) => ({
    location: t.field({ type: TrackLocation, resolve: (track) => track.location }),
    mid: t.exposeString('mid', { description: "The transceiver's mid in this session's PeerConnection." }),
    trackName: t.exposeString('trackName'),
    kind: t.field({ type: MediaKind, resolve: (track) => track.kind }),
    status: t.field({ type: TrackStatus, resolve: (track) => track.status }),
    muted: t.exposeBoolean('muted', { description: 'Paused by its publisher (muteTracks): open, but no media flows.' }),
    sessionId: t.id({
      description: "The publisher's session: this session for a local track, the pulled one's for a remote track.",
      resolve: publisherOf,
    }),
    publisher: t.field({
      type: SessionRef,
      nullable: true,
      description: 'The publishing session while it is live; null once it left.',
      resolve: (track, _args, { service, caller }) => liveSession(service, caller, publisherOf(track)),
    }),
    simulcast: t.field({
      type: SimulcastPreferences,
      nullable: true,
      description: 'The simulcast preferences a remote track was pulled with.',
      resolve: (track) => track.simulcast,
    }),
  }),
});

function publisherOf(track: TrackShape): string {
  return track.location === 'remote' && track.sessionId !== undefined ? track.sessionId : track.ownerSessionId;
}

export const TrackInput = builder.inputType('TrackInput', {
  description: 'One track of addTracks, as REST\'s TrackObject.',
  fields: (t) => ({
    location: t.field({ type: TrackLocation, required: true, description: '`local` publishes, `remote` pulls.' }),
    mid: t.string({
      description: 'The m-section in the offer (local; remote with an offer). `#<trackName>` reuses the transceiver carrying that track.',
    }),
    trackName: t.string({ description: 'The name to publish under (local) or to pull (remote).' }),
    sessionId: t.id({ description: "The publisher's session (remote only)." }),
    kind: t.field({ type: MediaKind, description: 'Needed when the SFU makes the offer.' }),
    bidirectionalMediaStream: t.boolean({ description: 'Only when the SFU makes the offer.' }),
    simulcast: t.field({ type: SimulcastInput }),
  }),
});

type TrackInputShape = typeof TrackInput.$inferInput;

/** The service's request for one TrackInput (GraphQL's nulls become absent fields). */
export function trackRequestFromInput(input: TrackInputShape): TrackRequest {
  const request: TrackRequest = { location: input.location };
  if (input.mid != null) request.mid = input.mid;
  if (input.trackName != null) request.trackName = input.trackName;
  if (input.sessionId != null) request.sessionId = String(input.sessionId);
  if (input.kind != null) request.kind = input.kind;
  if (input.bidirectionalMediaStream != null) request.bidirectionalMediaStream = input.bidirectionalMediaStream;
  if (input.simulcast != null) request.simulcast = simulcastFromInput(input.simulcast);
  return request;
}
