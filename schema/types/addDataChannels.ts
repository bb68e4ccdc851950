import type { DataChannelResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { AddedDataChannel, DataChannelInput, dataChannelOutcome, dataChannelRequestFromInput } from './dataChannel.js';
import { DataChannelError, operationErrors } from './errors.js';

const AddDataChannelsPayload = builder.objectRef<{ dataChannels: DataChannelResult[] }>('AddDataChannelsPayload').implement({
  fields: (t) => ({
    dataChannels: t.errorUnionListField({
      types: [AddedDataChannel, DataChannelError],
      union: { name: 'AddDataChannelOutcome' },
      description: 'One outcome per requested channel, in request order.',
      resolve: (p) => p.dataChannels.map(dataChannelOutcome),
    }),
  }),
});

const AddDataChannelsInput = builder.inputType('AddDataChannelsInput', {
  fields: (t) => ({
    dataChannels: t.field({ type: [DataChannelInput], required: true, description: 'At most 64; local and remote may be mixed.' }),
  }),
});

builder.mutationField('addDataChannels', (t) =>
  t.field({
    type: AddDataChannelsPayload,
    description: [
      'Publishes (`local`) and pulls (`remote`) DataChannels on a session that has its DataChannel transport (see',
      'establishDataChannels); no SDP exchange (REST: POST /sessions/{sessionId}/datachannels/new).',
    ].join(' '),
    errors: operationErrors('AddDataChannelsResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: AddDataChannelsInput, required: true }) },
    resolve: async (_root, { sessionId, input }, { service, caller }) => ({
      dataChannels: await service.newDataChannels(caller, String(sessionId), input.dataChannels.map(dataChannelRequestFromInput)),
    }),
  }),
);
