import { maxTokenLifetimeSeconds, type AccessTokenRequest } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { operationErrors } from './errors.js';

const GrantsInput = builder.inputType('GrantsInput', {
  description: 'What the holder may do besides acting on its own sessions. Each defaults to true.',
  fields: (t) => ({
    canPublish: t.boolean({ description: 'Publish audio and video tracks.' }),
    canSubscribe: t.boolean({ description: "Pull tracks and DataChannels of its room's sessions." }),
    canPublishData: t.boolean({ description: 'Publish DataChannels.' }),
  }),
});

const CreateAccessTokenInput = builder.inputType('CreateAccessTokenInput', {
  fields: (t) => ({
    room: t.string({ required: true, description: 'The one room the holder may join (1 to 128 characters).' }),
    identity: t.string({ required: true, description: 'The participant (the JWT `sub`, 1 to 128 characters).' }),
    name: t.string({ description: 'Display name shown to the room.' }),
    metadata: t.field({ type: 'JSON', description: 'Free-form participant data shown to the room (bounded as session metadata).' }),
    ttlSeconds: t.int({ description: `How long the token is valid: 1 to ${maxTokenLifetimeSeconds} seconds. Default 3600.` }),
    grants: t.field({ type: GrantsInput }),
  }),
});

const AccessToken = builder.objectRef<{ token: string; expiresAt: Date }>('AccessToken').implement({
  description: 'A signed access token (JWT, HS256 with the app secret): give it to one client instead of the secret.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`, or as graphql-ws `connectionParams: { token }`.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (a) => a.expiresAt }),
  }),
});

builder.mutationField('createAccessToken', (t) =>
  t.field({
    type: AccessToken,
    description: "Mints an access token for one participant of one room. Only the app secret may call it; a backend can equally sign the JWT itself (docs/auth.md).",
    errors: operationErrors('CreateAccessTokenResult'),
    args: { input: t.arg({ type: CreateAccessTokenInput, required: true }) },
    resolve: (_root, { input }, { service, caller }) => {
      const request: AccessTokenRequest = { room: input.room, identity: input.identity };
      if (input.name != null) request.name = input.name;
      if (input.metadata != null) request.metadata = input.metadata;
      if (input.ttlSeconds != null) request.ttlSeconds = input.ttlSeconds;
      if (input.grants != null) {
        const grants: AccessTokenRequest['grants'] = {};
        for (const key of ['canPublish', 'canSubscribe', 'canPublishData'] as const) {
          const value = input.grants[key];
          if (value != null) grants[key] = value;
        }
        request.grants = grants;
      }
      return service.createAccessToken(caller, request);
    },
  }),
);
