import type { DataChannelResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { dataChannelOutcome } from './dataChannel.js';
import { TrackLocation } from './enums.js';
import { DataChannelError, operationErrors } from './errors.js';

/** A channel that was closed. */
const ClosedDataChannel = builder.objectRef<DataChannelResult>('ClosedDataChannel').implement({
  description: 'A DataChannel that was closed; its SCTP stream was reset, so the client\'s channel closes too.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    id: t.exposeInt('id', { nullable: true }),
    location: t.field({ type: TrackLocation, nullable: true, resolve: (r) => r.location }),
    sessionId: t.exposeID('sessionId', { nullable: true, description: "The publisher's session (remote channels)." }),
    dataChannelName: t.exposeString('dataChannelName', { nullable: true }),
  }),
});

const CloseDataChannelsPayload = builder.objectRef<{ dataChannels: DataChannelResult[] }>('CloseDataChannelsPayload').implement({
  fields: (t) => ({
    dataChannels: t.errorUnionListField({
      types: [ClosedDataChannel, DataChannelError],
      union: { name: 'CloseDataChannelOutcome' },
      description: 'One outcome per id, in request order; an id with no open channel fails with close_track_error.',
      resolve: (p) => p.dataChannels.map(dataChannelOutcome),
    }),
  }),
});

const CloseDataChannelsInput = builder.inputType('CloseDataChannelsInput', {
  fields: (t) => ({
    ids: t.intList({ required: true, description: 'Stream ids (in this session) of the channels to close. At most 64.' }),
  }),
});

builder.mutationField('closeDataChannels', (t) =>
  t.field({
    type: CloseDataChannelsPayload,
    description: [
      'Closes DataChannels of a session by id; no SDP exchange. Closing a publication ends every pull of it',
      '(REST: PUT /sessions/{sessionId}/datachannels/close).',
    ].join(' '),
    errors: operationErrors('CloseDataChannelsResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: CloseDataChannelsInput, required: true }) },
    resolve: async (_root, { sessionId, input }, { service, caller }) => ({
      dataChannels: await service.closeDataChannels(caller, String(sessionId), input.ids),
    }),
  }),
);
