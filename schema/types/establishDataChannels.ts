import type { EstablishDataChannelsRequest, EstablishDataChannelsResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { AddedDataChannel, DataChannelInput, dataChannelRequestFromInput } from './dataChannel.js';
import { operationErrors } from './errors.js';
import { SessionDescription, SessionDescriptionInput } from './sessionDescription.js';

const EstablishDataChannelsPayload = builder.objectRef<EstablishDataChannelsResult>('EstablishDataChannelsPayload').implement({
  fields: (t) => ({
    sessionDescription: t.field({
      type: SessionDescription,
      nullable: true,
      description: [
        "The SFU's answer to the client's offer; or the SFU's offer adding an m=application section (then",
        'requiresImmediateRenegotiation); null when the session already had one.',
      ].join(' '),
      resolve: (p) => p.sessionDescription,
    }),
    requiresImmediateRenegotiation: t.exposeBoolean('requiresImmediateRenegotiation', {
      description: 'True when sessionDescription is an SFU offer: set it, answer, and send the answer to renegotiate.',
    }),
    dataChannel: t.field({
      type: AddedDataChannel,
      description: 'The server-events channel the SFU opens in-band once SCTP is up (the client gets a `datachannel` event).',
      resolve: (p) => p.dataChannel,
    }),
  }),
});

const EstablishDataChannelsInput = builder.inputType('EstablishDataChannelsInput', {
  fields: (t) => ({
    dataChannel: t.field({
      type: DataChannelInput,
      description: 'Only `{ location: remote, dataChannelName: "server-events" }` (the default); anything else fails with invalid_params.',
    }),
    sessionDescription: t.field({
      type: SessionDescriptionInput,
      description: "The client's offer, carrying an m=application section; without one the SFU offers the section itself.",
    }),
  }),
});

builder.mutationField('establishDataChannels', (t) =>
  t.field({
    type: EstablishDataChannelsPayload,
    description: [
      "Gets SCTP negotiated on the session and opens the reserved server-events channel, before addDataChannels",
      '(REST: POST /sessions/{sessionId}/datachannels/establish).',
    ].join(' '),
    errors: operationErrors('EstablishDataChannelsResult'),
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: EstablishDataChannelsInput }) },
    resolve: (_root, { sessionId, input }, { service, caller }) => {
      const request: EstablishDataChannelsRequest = {};
      if (input?.dataChannel != null) request.dataChannel = dataChannelRequestFromInput(input.dataChannel);
      if (input?.sessionDescription != null) request.sessionDescription = input.sessionDescription;
      return service.establishDataChannels(caller, String(sessionId), request);
    },
  }),
);
