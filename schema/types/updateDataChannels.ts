import type { DataChannelRequest, DataChannelResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { canReplyOf, dataChannelOutcome } from './dataChannel.js';
import { TrackLocation } from './enums.js';
import { DataChannelError, operationErrors } from './errors.js';

/** A pulled channel whose canReply was set. */
const UpdatedDataChannel = builder.objectRef<DataChannelResult>('UpdatedDataChannel').implement({
  description: 'A pulled DataChannel after the update.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    location: t.field({ type: TrackLocation, nullable: true, resolve: (r) => r.location }),
    sessionId: t.exposeID('sessionId', { nullable: true, description: "The publisher's session." }),
    dataChannelName: t.exposeString('dataChannelName', { nullable: true }),
    id: t.exposeInt('id', { nullable: true, description: 'The SCTP stream id on this session (unchanged).' }),
    canReply: t.boolean({ nullable: true, resolve: (r) => canReplyOf(r) }),
  }),
});

const UpdateDataChannelsPayload = builder.objectRef<{ dataChannels: DataChannelResult[] }>('UpdateDataChannelsPayload').implement({
  fields: (t) => ({
    dataChannels: t.errorUnionListField({
      types: [UpdatedDataChannel, DataChannelError],
      union: { name: 'UpdateDataChannelOutcome' },
      description: 'One outcome per requested channel, in request order; no open pull of that name fails with update_track_error.',
      resolve: (p) => p.dataChannels.map(dataChannelOutcome),
    }),
  }),
});

const DataChannelUpdateInput = builder.inputType('DataChannelUpdateInput', {
  description: 'One pulled DataChannel of updateDataChannels: only canReply can change.',
  fields: (t) => ({
    location: t.field({ type: TrackLocation, required: true, description: 'Must be `remote`.' }),
    sessionId: t.id({ description: "The publisher's session." }),
    dataChannelName: t.string(),
    canReply: t.boolean({ description: 'Grant (taking it from the previous holder) or revoke replying to the publisher.' }),
  }),
});

const UpdateDataChannelsInput = builder.inputType('UpdateDataChannelsInput', {
  fields: (t) => ({
    dataChannels: t.field({ type: [DataChannelUpdateInput], required: true, description: 'At most 64.' }),
  }),
});

builder.mutationField('updateDataChannels', (t) =>
  t.field({
    type: UpdateDataChannelsPayload,
    description: 'Grants or revokes canReply on DataChannels this session pulls; no SDP exchange (REST: PUT /sessions/{sessionId}/datachannels/update).',
    errors: operationErrors('UpdateDataChannelsResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: UpdateDataChannelsInput, required: true }) },
    resolve: async (_root, { sessionId, input }, { service, caller }) => ({
      dataChannels: await service.updateDataChannels(caller, String(sessionId), input.dataChannels.map(updateFromInput)),
    }),
  }),
);

function updateFromInput(input: typeof DataChannelUpdateInput.$inferInput): DataChannelRequest {
  const request: DataChannelRequest = { location: input.location };
  if (input.sessionId != null) request.sessionId = String(input.sessionId);
  if (input.dataChannelName != null) request.dataChannelName = input.dataChannelName;
  if (input.canReply != null) request.canReply = input.canReply;
  return request;
}
