import type { MuteResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { operationErrors, TrackError } from './errors.js';

const MutedTrack = builder.objectRef<MuteResult>('MutedTrack').implement({
  description: 'A published track whose mute state is now `muted`.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    mid: t.exposeString('mid'),
    muted: t.boolean({ resolve: (r) => r.muted ?? false }),
  }),
});

const MuteTracksPayload = builder.objectRef<{ tracks: MuteResult[] }>('MuteTracksPayload').implement({
  fields: (t) => ({
    tracks: t.errorUnionListField({
      types: [MutedTrack, TrackError],
      union: { name: 'MuteTrackOutcome' },
      description: 'One outcome per item, in request order; a mid that is not an open published track fails with update_track_error.',
      resolve: (p) =>
        p.tracks.map(({ mid, muted, errorCode, errorDescription }) =>
          errorCode ? new TrackError({ errorCode, errorDescription: errorDescription ?? errorCode }, { mid, location: 'local' }) : { mid, muted: muted ?? false },
        ),
    }),
  }),
});

const MuteTrackInput = builder.inputType('MuteTrackInput', {
  fields: (t) => ({
    mid: t.string({ required: true, description: "The published track's mid in this session." }),
    muted: t.boolean({ required: true }),
  }),
});

builder.mutationField('muteTracks', (t) =>
  t.field({
    type: MuteTracksPayload,
    description: [
      "Mutes or unmutes the session's published tracks without renegotiating (GraphQL only; REST has no such call).",
      'A muted track stays open and pulled, forwards no media, never goes inactive, and every subscriber hears TrackMuted.',
      'Pair it with `track.enabled = false` (or `sender.replaceTrack(null)`) in the browser.',
    ].join('\n'),
    errors: operationErrors('MuteTracksResult'),
    args: { sessionId: t.arg.id({ required: true }), tracks: t.arg({ type: [MuteTrackInput], required: true }) },
    resolve: async (_root, { sessionId, tracks }, { service, caller }) => ({
      tracks: await service.muteTracks(caller, String(sessionId), tracks),
    }),
  }),
);
