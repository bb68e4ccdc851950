import type { App } from '../apps/AppRegistry.js';
import { SfuError } from '../errors.js';
import type { CreateSessionOptions } from '../types.js';
import type { Grants, Participant } from './accessToken.js';

/**
 * Who makes a service call: an app (with its secret: full access to the app's sessions), or one
 * participant of one of its rooms (with an access token: see docs/auth.md). Every rule of what a
 * token's holder may do is a function of this file.
 */
export interface Caller {
  app: App;
  /** Set when the caller holds an access token rather than the secret. */
  participant?: Participant;
}

/** What the rules need of a session. */
export interface SessionOwnership {
  room?: string | undefined;
  identity?: string | undefined;
}

/** A token is checked when presented and again at each call (a WebSocket outlives a short token). */
export function assertCurrent(caller: Caller): void {
  const expiresAt = caller.participant?.expiresAt;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new SfuError('unauthorized', `the access token expired at ${expiresAt.toISOString()}`);
  }
}

/** Refuses a token's holder what only the app's backend may do. */
export function requireSecret(caller: Caller, what: string): void {
  if (caller.participant) throw new SfuError('unauthorized', `${what} needs the app secret; an access token cannot do it`);
}

/** Refuses a token's holder an action its grants leave out. */
export function requireGrant(caller: Caller, grant: keyof Grants, what: string): void {
  if (caller.participant && !caller.participant.grants[grant]) {
    throw new SfuError('unauthorized', `this access token does not grant ${grant}: it cannot ${what}`);
  }
}

/** A token's holder sees its own room's sessions (presence) and nothing of any other room. */
export function maySee(caller: Caller, session: SessionOwnership): boolean {
  return !caller.participant || session.room === caller.participant.room;
}

/**
 * Callers of one view see the same answer to every read (maySee asks only the room): the app's
 * backend, or the holders of current tokens of one room, or of expired ones. GraphQL resolves a
 * subscription's event once per view, document and variables, and sends that to all of them.
 */
export function viewOf(caller: Caller): string {
  const participant = caller.participant;
  if (!participant) return `app:${caller.app.id}`;
  const expired = participant.expiresAt.getTime() <= Date.now();
  return `room:${caller.app.id}/${participant.room}${expired ? ' (expired)' : ''}`;
}

/**
 * A token's holder acts (mutates, renegotiates, closes) only on sessions of its own identity.
 * Sessions of its room it may see but not touch: unauthorized; any other: not found, as if absent.
 */
export function assertMayAct(caller: Caller, session: SessionOwnership & { sessionId: string }): void {
  const participant = caller.participant;
  if (!participant || session.identity === participant.identity) return;
  throw new SfuError('unauthorized', `session ${session.sessionId} belongs to another participant; this access token acts only on sessions of "${participant.identity}"`);
}

/** The room a token's holder may list or follow: its own, whichever it asks for. */
export function roomFor(caller: Caller, room: string | undefined): string | undefined {
  const participant = caller.participant;
  if (!participant) return room;
  if (room !== undefined && room !== participant.room) {
    throw new SfuError('unauthorized', `this access token is for room "${participant.room}"; it cannot see room "${room}"`);
  }
  return participant.room;
}

/** A token's holder creates sessions of its own room and identity, named and described by its token. */
export function sessionOptionsFor(caller: Caller, options: CreateSessionOptions): CreateSessionOptions {
  const participant = caller.participant;
  if (!participant) return options;
  if (options.room !== undefined && options.room !== participant.room) roomFor(caller, options.room);
  if (options.identity !== undefined && options.identity !== participant.identity) {
    throw new SfuError('unauthorized', `this access token is for participant "${participant.identity}"; it cannot create sessions of "${options.identity}"`);
  }
  if (options.metadata !== undefined || options.name !== undefined) {
    throw new SfuError('unauthorized', "a token holder's name and metadata come from its access token; mint a new token to change them");
  }
  const { metadata: _metadata, name: _name, ...rest } = options;
  return {
    ...rest,
    room: participant.room,
    identity: participant.identity,
    ...(participant.name !== undefined ? { name: participant.name } : {}),
    ...(participant.metadata !== undefined ? { metadata: participant.metadata } : {}),
  };
}
