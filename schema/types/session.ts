import type { CreateSessionOptions, SessionState } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { DataChannel } from './dataChannel.js';
import { ConnectionState } from './enums.js';
import { operationErrors } from './errors.js';
import { liveParticipant, ParticipantRef } from './participantRef.js';
import { SessionDescription, SessionDescriptionInput } from './sessionDescription.js';
import { SessionRef } from './sessionRef.js';
import { Track } from './track.js';

SessionRef.implement({
  description: "A session: one client PeerConnection, the tracks it publishes and pulls, and its room.",
  fields: (t) => ({
    sessionId: t.exposeID('sessionId'),
    room: t.exposeString('room', { nullable: true, description: "The room label given at createSession (or its access token's room), if any." }),
    identity: t.exposeString('identity', { nullable: true, description: "The participant it belongs to (its access token's `sub`), if any." }),
    name: t.exposeString('name', { nullable: true, description: "The participant's display name, if any." }),
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: 'The participant it belongs to, when it has a room and an identity.',
      resolve: (s, _args, { service, caller }) => liveParticipant(service, caller, s),
    }),
    metadata: t.field({ type: 'JSON', nullable: true, description: 'Free-form participant data given at createSession.', resolve: (s) => s.metadata }),
    correlationId: t.exposeString('correlationId', { nullable: true }),
    connectionState: t.field({ type: ConnectionState, resolve: (s) => s.connectionState }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    tracks: t.field({
      type: [Track],
      description: 'Every track the session ever had, in the order they were added; closed ones are `inactive`.',
      resolve: (s) => s.tracks.map((track) => ({ ...track, ownerSessionId: s.sessionId })),
    }),
    dataChannels: t.field({
      type: [DataChannel],
      description: 'Every DataChannel the session ever had (server-events included), in creation order; closed ones are `inactive`.',
      resolve: (s) => s.dataChannels.map((channel) => ({ ...channel, ownerSessionId: s.sessionId })),
    }),
  }),
});

interface LiveSessionsShape {
  seq: number;
  sessions: SessionState[];
}

const LiveSessions = builder.objectRef<LiveSessionsShape>('LiveSessions').implement({
  description: 'A snapshot of live sessions and the event sequence number it reflects.',
  fields: (t) => ({
    seq: t.exposeInt('seq', {
      description: 'The last event already reflected here. Subscribe to `events(since: seq)` to follow on without a gap.',
    }),
    sessions: t.field({ type: [SessionRef], resolve: (list) => list.sessions }),
  }),
});

builder.queryFields((t) => ({
  session: t.field({
    type: SessionRef,
    description: "A session's current state (REST: GET /sessions/{sessionId}).",
    errors: operationErrors('SessionResult'),
    args: { sessionId: t.arg.id({ required: true }) },
    resolve: (_root, { sessionId }, { service, caller }) => service.sessionState(caller, String(sessionId)),
  }),
  sessions: t.field({
    type: LiveSessions,
    description: "The app's live sessions, optionally those of one room. An access token's holder sees its own room's only.",
    args: { room: t.arg.string() },
    resolve: (_root, { room }, { service, caller }) => service.liveSessions(caller, room != null ? { room } : {}),
  }),
}));

const CreateSessionInput = builder.inputType('CreateSessionInput', {
  fields: (t) => ({
    sessionDescription: t.field({ type: SessionDescriptionInput, description: 'An offer to answer at once (optional, as REST).' }),
    room: t.string({ description: "A room label: the app's grouping for presence events and access tokens. An access token's holder may leave it out (its token names it)." }),
    identity: t.string({ description: "The participant the session belongs to (with the secret only: a token's holder is its token's identity)." }),
    name: t.string({ description: "The participant's display name (with the secret only)." }),
    metadata: t.field({ type: 'JSON', description: 'Free-form participant data shown to other members of the room (with the secret only).' }),
    correlationId: t.string({ description: 'A diagnostic label, not an idempotency key.' }),
    thirdparty: t.boolean({ description: 'The peer is ICE-lite, e.g. another SFU.' }),
  }),
});

const CreateSessionPayload = builder
  .objectRef<{ sessionId: string; sessionDescription?: { type: 'offer' | 'answer'; sdp: string }; requiresImmediateRenegotiation?: boolean }>('CreateSessionPayload')
  .implement({
    fields: (t) => ({
      sessionId: t.exposeID('sessionId'),
      sessionDescription: t.field({
        type: SessionDescription,
        nullable: true,
        description: "The SFU's answer, when an offer was sent.",
        resolve: (p) => p.sessionDescription,
      }),
      requiresImmediateRenegotiation: t.boolean({ resolve: (p) => p.requiresImmediateRenegotiation ?? false }),
    }),
  });

builder.mutationField('closeSession', (t) =>
  t.field({
    type: builder.objectRef<{ sessionId: string }>('ClosedSession').implement({
      fields: (f) => ({ sessionId: f.exposeID('sessionId') }),
    }),
    description: [
      'Ends a session now: its tracks and DataChannels close and the room hears SessionLeft at once (REST has no such call:',
      "there a session ends with its PeerConnection's DTLS close, or after the liveness timeout when the peer vanished).",
      'A second call answers session_error (the session is gone).',
    ].join('\n'),
    errors: operationErrors('CloseSessionResult'),
    args: { sessionId: t.arg.id({ required: true }) },
    resolve: async (_root, { sessionId }, { service, caller }) => {
      await service.closeSession(caller, String(sessionId));
      return { sessionId: String(sessionId) };
    },
  }),
);

builder.mutationField('createSession', (t) =>
  t.field({
    type: CreateSessionPayload,
    description: 'Creates a session (REST: POST /sessions/new).',
    errors: operationErrors('CreateSessionResult'),
    args: { input: t.arg({ type: CreateSessionInput }) },
    resolve: (_root, { input }, { service, caller }) => {
      const options: CreateSessionOptions = {};
      if (input?.sessionDescription != null) options.sessionDescription = input.sessionDescription;
      if (input?.room != null) options.room = input.room;
      if (input?.identity != null) options.identity = input.identity;
      if (input?.name != null) options.name = input.name;
      if (input?.metadata != null) options.metadata = input.metadata;
      if (input?.correlationId != null) options.correlationId = input.correlationId;
      if (input?.thirdparty != null) options.thirdparty = input.thirdparty;
      return service.createSession(caller, options);
    },
  }),
);
