/** A participant as reads show it: one identity in one room, with the sessions it has there. */
export interface ParticipantState {
  room: string;
  identity: string;
  name?: string;
  metadata?: unknown;
  /** When its first session connected; undefined while none has. */
  joinedAt?: Date;
  /** Its live sessions, oldest first. */
  sessionIds: string[];
}

/** What the registry needs of a session. */
export interface ParticipantSession {
  id: string;
  appId: string;
  room?: string | undefined;
  identity?: string | undefined;
  name?: string | undefined;
  metadata?: unknown;
}

interface Entry {
  state: ParticipantState;
  sessions: Set<string>;
}

/**
 * Who is in each room: sessions grouped by (app, room, identity). A participant joins when its
 * first session connects and leaves when its last session ends, so a participant that reconnects
 * with a new session before the old one times out never appears to leave. Sessions without a room
 * or an identity belong to no participant.
 */
export class Participants {
  /** Room (per app) -> identity -> entry, so a room's read touches only its own participants. */
  readonly #rooms = new Map<string, Map<string, Entry>>();

  /** A session was created; nothing to announce yet (it has not connected). */
  added(session: ParticipantSession): void {
    if (session.room === undefined || session.identity === undefined) return;
    const key = roomKey(session.appId, session.room);
    let room = this.#rooms.get(key);
    if (!room) this.#rooms.set(key, (room = new Map()));
    let entry = room.get(session.identity);
    if (!entry) {
      entry = { state: { room: session.room, identity: session.identity, sessionIds: [] }, sessions: new Set() };
      room.set(session.identity, entry);
    }
    entry.sessions.add(session.id);
    // The newest session speaks for the participant: a fresh token may carry a new name.
    if (session.name !== undefined) entry.state.name = session.name;
    if (session.metadata !== undefined) entry.state.metadata = session.metadata;
  }

  /** A session connected; the participant's state when this made it join, else undefined. */
  connected(session: ParticipantSession): ParticipantState | undefined {
    const entry = this.#entry(session);
    if (!entry || entry.state.joinedAt) return undefined;
    entry.state.joinedAt = new Date();
    return view(entry);
  }

  /** A session ended; the participant's last state when it had joined and this was its last session. */
  ended(session: ParticipantSession): ParticipantState | undefined {
    const entry = this.#entry(session);
    if (!entry || !entry.sessions.delete(session.id) || entry.sessions.size > 0) return undefined;
    const key = roomKey(session.appId, session.room!);
    const room = this.#rooms.get(key)!;
    room.delete(session.identity!);
    if (room.size === 0) this.#rooms.delete(key);
    return entry.state.joinedAt ? view(entry) : undefined;
  }

  find(appId: string, room: string, identity: string): ParticipantState | undefined {
    const entry = this.#rooms.get(roomKey(appId, room))?.get(identity);
    return entry ? view(entry) : undefined;
  }

  /** The room's participants, in the order they were first seen. */
  inRoom(appId: string, room: string): ParticipantState[] {
    return [...(this.#rooms.get(roomKey(appId, room))?.values() ?? [])].map(view);
  }

  #entry(session: ParticipantSession): Entry | undefined {
    if (session.room === undefined || session.identity === undefined) return undefined;
    return this.#rooms.get(roomKey(session.appId, session.room))?.get(session.identity);
  }
}

function view(entry: Entry): ParticipantState {
  return { ...entry.state, sessionIds: [...entry.sessions] };
}

/** NUL cannot be typed into an app id; it separates the parts. */
function roomKey(appId: string, room: string): string {
  return `${appId}\u0000${room}`;
}
