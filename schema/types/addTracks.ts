import type { AddTracksRequest, AddTracksResult, TrackResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { MediaKind, TrackLocation } from './enums.js';
import { operationErrors, TrackError } from './errors.js';
import { SessionDescription, SessionDescriptionInput } from './sessionDescription.js';
import { TrackInput, trackRequestFromInput } from './track.js';

/** One track of addTracks that succeeded. */
const AddedTrack = builder.objectRef<TrackResult>('AddedTrack').implement({
  description: 'A track that was added. Match it by `mid` (publish) or by (`sessionId`, `trackName`) (pull).',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    location: t.field({ type: TrackLocation, nullable: true, resolve: (r) => r.location }),
    mid: t.exposeString('mid', { nullable: true, description: "The transceiver's mid in this session." }),
    trackName: t.exposeString('trackName', { nullable: true }),
    sessionId: t.exposeID('sessionId', { nullable: true, description: "The publisher's session (remote tracks)." }),
    kind: t.field({ type: MediaKind, nullable: true, resolve: (r) => r.kind }),
  }),
});

const AddTracksPayload = builder.objectRef<AddTracksResult>('AddTracksPayload').implement({
  fields: (t) => ({
    sessionDescription: t.field({
      type: SessionDescription,
      nullable: true,
      description: "The SFU's answer to the client's offer, or the SFU's own offer (then requiresImmediateRenegotiation).",
      resolve: (p) => p.sessionDescription,
    }),
    requiresImmediateRenegotiation: t.exposeBoolean('requiresImmediateRenegotiation', {
      description: 'True when sessionDescription is an SFU offer: set it, answer, and send the answer to renegotiate.',
    }),
    tracks: t.errorUnionListField({
      types: [AddedTrack, TrackError],
      union: { name: 'AddTrackOutcome' },
      description: 'One outcome per requested track, in request order; then, with autoDiscover, one AddedTrack per discovered m-line.',
      resolve: (p) => p.tracks.map(outcome),
    }),
  }),
});

function outcome(result: TrackResult): TrackResult | TrackError {
  if (!result.errorCode) return result;
  const { errorCode, errorDescription, ...item } = result;
  return new TrackError({ errorCode, errorDescription: errorDescription ?? errorCode }, item);
}

const AddTracksInput = builder.inputType('AddTracksInput', {
  fields: (t) => ({
    sessionDescription: t.field({ type: SessionDescriptionInput, description: "The client's offer carrying the tracks (publish, or WHEP-style pull)." }),
    tracks: t.field({ type: [TrackInput], description: 'At most 64.' }),
    autoDiscover: t.boolean({
      description: 'Every new sending m-line of the offer that no track names becomes a local track, named after its MediaStreamTrack id (else `track-<mid>`); each is reported after the requested tracks.',
    }),
  }),
});

builder.mutationField('addTracks', (t) =>
  t.field({
    type: AddTracksPayload,
    description: 'Publishes and pulls tracks, several at once (REST: POST /sessions/{sessionId}/tracks/new).',
    errors: operationErrors('AddTracksResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: AddTracksInput, required: true }) },
    resolve: (_root, { sessionId, input }, { service, caller }) => {
      const request: AddTracksRequest = {};
      if (input.sessionDescription != null) request.sessionDescription = input.sessionDescription;
      if (input.tracks != null) request.tracks = input.tracks.map(trackRequestFromInput);
      if (input.autoDiscover != null) request.autoDiscover = input.autoDiscover;
      return service.addTracks(caller, String(sessionId), request);
    },
  }),
);
