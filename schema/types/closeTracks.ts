import type { CloseTracksRequest, CloseTracksResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { operationErrors, TrackError } from './errors.js';
import { SessionDescription, SessionDescriptionInput } from './sessionDescription.js';

type ClosedItem = CloseTracksResult['tracks'][number];

const ClosedTrack = builder.objectRef<ClosedItem>('ClosedTrack').implement({
  description: 'A track that was closed.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({ mid: t.exposeString('mid') }),
});

const CloseTracksPayload = builder.objectRef<CloseTracksResult>('CloseTracksPayload').implement({
  fields: (t) => ({
    sessionDescription: t.field({
      type: SessionDescription,
      nullable: true,
      description: "The SFU's answer to the client's offer; or, for a negotiated close without one, the SFU's offer.",
      resolve: (p) => p.sessionDescription,
    }),
    requiresImmediateRenegotiation: t.exposeBoolean('requiresImmediateRenegotiation'),
    tracks: t.errorUnionListField({
      types: [ClosedTrack, TrackError],
      union: { name: 'CloseTrackOutcome' },
      description: 'One outcome per mid, in request order; an absent or already closed mid fails with close_track_error.',
      resolve: (p) =>
        p.tracks.map(({ mid, errorCode, errorDescription }) =>
          errorCode ? new TrackError({ errorCode, errorDescription: errorDescription ?? errorCode }, { mid }) : { mid },
        ),
    }),
  }),
});

const CloseTracksInput = builder.inputType('CloseTracksInput', {
  fields: (t) => ({
    mids: t.stringList({ required: true, description: 'The mids (in this session) of the tracks to close.' }),
    force: t.boolean({ description: 'Close without renegotiating (no SDP). Default false.' }),
    sessionDescription: t.field({
      type: SessionDescriptionInput,
      description: 'force=false: the client stopped the transceivers and sends its new offer; the SFU answers.',
    }),
  }),
});

builder.mutationField('closeTracks', (t) =>
  t.field({
    type: CloseTracksPayload,
    description: "Closes tracks of a session, forced or negotiated (REST: PUT /sessions/{sessionId}/tracks/close). Closing a published track ends every pull of it.",
    errors: operationErrors('CloseTracksResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: CloseTracksInput, required: true }) },
    resolve: (_root, { sessionId, input }, { service, caller }) => {
      const request: CloseTracksRequest = { tracks: input.mids.map((mid) => ({ mid })) };
      if (input.force != null) request.force = input.force;
      if (input.sessionDescription != null) request.sessionDescription = input.sessionDescription;
      return service.closeTracks(caller, String(sessionId), request);
    },
  }),
);
