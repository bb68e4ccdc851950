import type { NegotiationResult } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { operationErrors } from './errors.js';
import { SessionDescription, SessionDescriptionInput } from './sessionDescription.js';

const RenegotiatePayload = builder.objectRef<NegotiationResult>('RenegotiatePayload').implement({
  fields: (t) => ({
    sessionDescription: t.field({
      type: SessionDescription,
      nullable: true,
      description: "The SFU's answer when an offer was sent; null after an answer.",
      resolve: (p) => p.sessionDescription,
    }),
    requiresImmediateRenegotiation: t.exposeBoolean('requiresImmediateRenegotiation'),
  }),
});

builder.mutationField('renegotiate', (t) =>
  t.field({
    type: RenegotiatePayload,
    description: "Sends the client's answer to an SFU offer, or a new client offer (REST: PUT /sessions/{sessionId}/renegotiate).",
    errors: operationErrors('RenegotiateResult'),
    args: {
      sessionId: t.arg.id({ required: true }),
      sessionDescription: t.arg({ type: SessionDescriptionInput, required: true }),
    },
    resolve: (_root, { sessionId, sessionDescription }, { service, caller }) =>
      service.renegotiate(caller, String(sessionId), sessionDescription),
  }),
);
