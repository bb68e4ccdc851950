import type { TrackUpdateRequest, TrackUpdateResult, NegotiationResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { TrackLocation } from './enums.js';
import { operationErrors, TrackError } from './errors.js';
import { SessionDescription } from './sessionDescription.js';
import { SimulcastInput, simulcastFromInput } from './simulcast.js';

type UpdateTracksResultShape = NegotiationResult & { tracks: TrackUpdateResult[] };

/** One track of updateTracks that succeeded. */
const UpdatedTrack = builder.objectRef<TrackUpdateResult>('UpdatedTrack').implement({
  description: 'A receiving transceiver that now receives (sessionId, trackName) with the requested preferences.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    mid: t.exposeString('mid', { description: "The receiving transceiver's mid in this session." }),
    sessionId: t.exposeID('sessionId', { nullable: true, description: "The publisher's session." }),
    trackName: t.exposeString('trackName', { nullable: true }),
  }),
});

const UpdateTracksPayload = builder.objectRef<UpdateTracksResultShape>('UpdateTracksPayload').implement({
  fields: (t) => ({
    sessionDescription: t.field({
      type: SessionDescription,
      nullable: true,
      description: "The SFU's offer when a transceiver was re-pointed at another track (then requiresImmediateRenegotiation); null otherwise.",
      resolve: (p) => p.sessionDescription,
    }),
    requiresImmediateRenegotiation: t.exposeBoolean('requiresImmediateRenegotiation', {
      description: 'True after a re-point: set the offer, answer, and send the answer to renegotiate. Simulcast changes alone need none.',
    }),
    tracks: t.errorUnionListField({
      types: [UpdatedTrack, TrackError],
      union: { name: 'UpdateTrackOutcome' },
      description: 'One outcome per requested track, in request order.',
      resolve: (p) =>
        p.tracks.map((result) => {
          if (!result.errorCode) return result;
          const { errorCode, errorDescription, ...item } = result;
          return new TrackError({ errorCode, errorDescription: errorDescription ?? errorCode }, item);
        }),
    }),
  }),
});

const TrackUpdateInput = builder.inputType('TrackUpdateInput', {
  description: 'One receiving transceiver of updateTracks, as an item of REST tracks/update.',
  fields: (t) => ({
    location: t.field({ type: TrackLocation, required: true, description: 'Must be `remote`: only receiving transceivers can be updated.' }),
    mid: t.string({ required: true, description: 'The receiving transceiver (a negotiated pull) in this session.' }),
    sessionId: t.id({ required: true, description: "The publisher's session of the track to receive: the current one, or another to re-point to." }),
    trackName: t.string({ required: true, description: 'The track to receive: the current one (simulcast change), or another (re-point).' }),
    simulcast: t.field({ type: SimulcastInput, description: 'New simulcast preferences; changing only these needs no renegotiation.' }),
  }),
});

const UpdateTracksInput = builder.inputType('UpdateTracksInput', {
  fields: (t) => ({
    tracks: t.field({ type: [TrackUpdateInput], required: true, description: 'At most 64.' }),
  }),
});

builder.mutationField('updateTracks', (t) =>
  t.field({
    type: UpdateTracksPayload,
    description: [
      'Changes what receiving transceivers get (REST: PUT /sessions/{sessionId}/tracks/update): new simulcast preferences',
      'for the same track (no renegotiation), or another track of the same kind and codec on the same transceiver (an SFU offer',
      'to answer through renegotiate).',
    ].join(' '),
    errors: operationErrors('UpdateTracksResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: UpdateTracksInput, required: true }) },
    resolve: (_root, { sessionId, input }, { service, caller }) =>
      service.updateTracks(caller, String(sessionId), { tracks: input.tracks.map(trackUpdateFromInput) }),
  }),
);

/** The service's request for one TrackUpdateInput (GraphQL's nulls become absent fields). */
function trackUpdateFromInput(input: typeof TrackUpdateInput.$inferInput): TrackUpdateRequest {
  // A `local` item passes through as given: the service refuses it per item (invalid_params), as for REST.
  const request = { location: input.location, mid: input.mid, sessionId: String(input.sessionId), trackName: input.trackName } as TrackUpdateRequest;
  if (input.simulcast != null) request.simulcast = simulcastFromInput(input.simulcast);
  return request;
}
