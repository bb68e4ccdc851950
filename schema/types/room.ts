import type { Caller, RoomState, SessionState, SfuApi } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { operationErrors } from './errors.js';
import { ParticipantRef } from './participantRef.js';
import { SessionRef } from './sessionRef.js';
import { Track, type TrackShape } from './track.js';

/** The open tracks the sessions publish: what a newcomer can pull. */
function publishedTracks(sessions: SessionState[]): TrackShape[] {
  return sessions.flatMap((s) => s.tracks.filter((t) => t.location === 'local' && t.status !== 'inactive').map((t) => ({ ...t, ownerSessionId: s.sessionId })));
}

/** The live sessions among `ids`, in order. */
async function sessionsOf(service: SfuApi, caller: Caller, ids: string[]): Promise<SessionState[]> {
  const found = await Promise.all(ids.map((id) => service.findSession(caller, id)));
  return found.filter((s): s is SessionState => s !== undefined);
}

ParticipantRef.implement({
  description: 'One identity in one room: the sessions it has there (an access token names both). It joins when its first session connects and leaves when its last one ends.',
  fields: (t) => ({
    identity: t.exposeString('identity', { description: "Its access token's `sub` (or createSession's identity)." }),
    room: t.exposeString('room'),
    name: t.exposeString('name', { nullable: true, description: 'Its display name (the token\'s `name`).' }),
    metadata: t.field({ type: 'JSON', nullable: true, description: "The token's `metadata`.", resolve: (p) => p.metadata }),
    joinedAt: t.field({ type: 'DateTime', nullable: true, description: 'When its first session connected; null until one has.', resolve: (p) => p.joinedAt }),
    sessions: t.field({
      type: [SessionRef],
      description: 'Its live sessions, oldest first.',
      resolve: (p, _args, { service, caller }) => sessionsOf(service, caller, p.sessionIds),
    }),
    tracks: t.field({
      type: [Track],
      description: 'The open tracks its sessions publish.',
      resolve: async (p, _args, { service, caller }) => publishedTracks(await sessionsOf(service, caller, p.sessionIds)),
    }),
  }),
});

const Room = builder.objectRef<RoomState>('Room').implement({
  description: "A room of the app now: who is in it and what they publish. Subscribe to `events(room, since: seq)` to follow on without a gap.",
  fields: (t) => ({
    name: t.exposeString('name'),
    seq: t.exposeInt('seq', { description: 'The last event already reflected here.' }),
    participants: t.field({ type: [ParticipantRef], description: 'In the order they were first seen.', resolve: (r) => r.participants }),
    sessions: t.field({ type: [SessionRef], description: 'Every live session of the room, those without an identity too.', resolve: (r) => r.sessions }),
    tracks: t.field({ type: [Track], description: 'The open tracks the sessions of the room publish.', resolve: (r) => publishedTracks(r.sessions) }),
  }),
});

builder.queryField('room', (t) =>
  t.field({
    type: Room,
    description: "A room's participants, sessions and tracks. An access token's holder may read its own room only.",
    errors: operationErrors('RoomResult'),
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, { name }, { service, caller }) => service.room(caller, name),
  }),
);
