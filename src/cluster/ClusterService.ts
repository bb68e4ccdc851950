import {
  maySee,
  SfuError,
  type Caller,
  type ParticipantState,
  type RoomState,
  type SessionState,
  type SfuApi,
  type SfuService,
} from '../service/index.js';
import type { InstanceInfo, Instances } from './Instances.js';
import type { InternalRpc } from './InternalRpc.js';
import type { SessionDirectory } from './SessionDirectory.js';
import { storeError } from './storeError.js';
import { toWire, type WireCaller } from './wireCaller.js';

/** The service methods that act on one session: run by the session's owner instance. */
export const sessionMethods = [
  'addTracks',
  'renegotiate',
  'updateTracks',
  'closeTracks',
  'muteTracks',
  'closeSession',
  'establishDataChannels',
  'newDataChannels',
  'updateDataChannels',
  'closeDataChannels',
  'getSession',
  'sessionState',
] as const satisfies readonly (keyof SfuService)[];

type SessionMethod = (typeof sessionMethods)[number];

export interface ClusterServiceOptions {
  /** This instance's own service: the sessions it owns. */
  local: SfuService;
  self: () => InstanceInfo;
  instances: Instances;
  directory: SessionDirectory;
  rpc: InternalRpc;
}

/**
 * The service as the faces see it in cluster mode: every call runs where its session lives. A
 * call for a session of this instance runs here; one for another instance's session is sent to
 * its owner, which answers exactly as it would itself; `sessions/new` goes to the least-loaded
 * live instance. Reads of many sessions (lists, rooms) gather every live instance's. The faces
 * cannot tell it from a single instance.
 */
export class ClusterService implements SfuApi {
  readonly apps: SfuService['apps'];
  readonly events: SfuService['events'];
  readonly #local: SfuService;

  constructor(private readonly options: ClusterServiceOptions) {
    this.#local = options.local;
    this.apps = options.local.apps;
    this.events = options.local.events;
  }

  authenticate: SfuService['authenticate'] = (bearer, appId) => this.#local.authenticate(bearer, appId);
  createAccessToken: SfuService['createAccessToken'] = (caller, request) => this.#local.createAccessToken(caller, request);
  roomFor: SfuService['roomFor'] = (caller, room) => this.#local.roomFor(caller, room);

  get sessionCount(): number {
    return this.#local.sessionCount;
  }

  close(): void {
    this.#local.close();
  }

  /**
   * WebSocket adapters run on the instance that takes the call: a source track of another
   * instance's session is not found (not_found_track_error) in this first piece.
   */
  newWebSocketAdapters: SfuService['newWebSocketAdapters'] = (caller, items) => this.#local.newWebSocketAdapters(caller, items);
  closeWebSocketAdapters: SfuService['closeWebSocketAdapters'] = (caller, ids) => this.#local.closeWebSocketAdapters(caller, ids);

  /** Places the session on the least-loaded live instance that is not draining (this one if it is the one). */
  createSession: SfuService['createSession'] = async (caller, options) => {
    const target = await storeError(() => this.options.instances.place());
    if (!target) throw new SfuError('temporarily_unavailable_error', 'no instance of the cluster is taking new sessions: try again later');
    if (target.id === this.options.self().id) return this.#local.createSession(caller, options);
    return this.#forward(target, 'placedSession', caller, [options]);
  };

  addTracks: SfuService['addTracks'] = (caller, sessionId, request) => this.#onOwner('addTracks', caller, sessionId, [request]);
  renegotiate: SfuService['renegotiate'] = (caller, sessionId, description) => this.#onOwner('renegotiate', caller, sessionId, [description]);
  updateTracks: SfuService['updateTracks'] = (caller, sessionId, request) => this.#onOwner('updateTracks', caller, sessionId, [request]);
  closeTracks: SfuService['closeTracks'] = (caller, sessionId, request) => this.#onOwner('closeTracks', caller, sessionId, [request]);
  muteTracks: SfuService['muteTracks'] = (caller, sessionId, items) => this.#onOwner('muteTracks', caller, sessionId, [items]);
  closeSession: SfuService['closeSession'] = (caller, sessionId) => this.#onOwner('closeSession', caller, sessionId, []);
  establishDataChannels: SfuService['establishDataChannels'] = (caller, sessionId, request) =>
    this.#onOwner('establishDataChannels', caller, sessionId, [request]);
  newDataChannels: SfuService['newDataChannels'] = (caller, sessionId, items) => this.#onOwner('newDataChannels', caller, sessionId, [items]);
  updateDataChannels: SfuService['updateDataChannels'] = (caller, sessionId, items) => this.#onOwner('updateDataChannels', caller, sessionId, [items]);
  closeDataChannels: SfuService['closeDataChannels'] = (caller, sessionId, ids) => this.#onOwner('closeDataChannels', caller, sessionId, [ids]);
  getSession: SfuService['getSession'] = (caller, sessionId) => this.#onOwner('getSession', caller, sessionId, []);
  sessionState: SfuService['sessionState'] = (caller, sessionId) => this.#onOwner('sessionState', caller, sessionId, []);

  findSession: SfuService['findSession'] = async (caller, sessionId) => {
    const local = this.#local.localSession(caller, sessionId);
    if (local || this.#local.hasSession(sessionId)) return local;
    const record = await storeError(() => this.options.directory.find(sessionId));
    if (!record || record.appId !== caller.app.id || !maySee(caller, record)) return undefined;
    const owner = await this.#instance(record.owner);
    if (!owner) return undefined;
    return (await this.options.rpc.call<SessionState | null>(owner, 'findSession', [toWire(caller), sessionId])) ?? undefined;
  };

  knowsSession: SfuService['knowsSession'] = async (caller, sessionId) => {
    if (await this.#local.knowsSession(caller, sessionId)) return true;
    const record = (await storeError(() => this.options.directory.find(sessionId))) ?? (await storeError(() => this.options.directory.findClosed(sessionId)));
    return record !== undefined && record.appId === caller.app.id && maySee(caller, record);
  };

  listSessions: SfuService['listSessions'] = async (caller, filter) => (await this.liveSessions(caller, filter)).sessions;

  /**
   * The seq is read first, then every live instance's sessions: an event may fall between the two
   * and then be both in the snapshot and replayed after `since: seq` (a duplicate a client can
   * ignore), but none is missed.
   */
  liveSessions: SfuService['liveSessions'] = async (caller, filter = {}) => {
    this.#local.roomFor(caller, filter.room);
    const seq = await storeError(() => this.events.lastSeq(caller.app.id));
    const instances = await storeError(() => this.options.instances.live());
    const self = this.options.self().id;
    const lists = await Promise.all(
      instances.map((instance) =>
        instance.id === self
          ? this.#local.localSessions(caller, filter)
          : this.options.rpc.call<SessionState[]>(instance, 'localSessions', [toWire(caller), filter]).catch(() => []),
      ),
    );
    if (!instances.some((i) => i.id === self)) lists.push(this.#local.localSessions(caller, filter));
    const sessions = lists.flat().sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return { seq, sessions };
  };

  room: SfuService['room'] = async (caller, name): Promise<RoomState> => {
    const room = this.#local.roomFor(caller, name)!;
    const { seq, sessions } = await this.liveSessions(caller, { room });
    return { name: room, seq, participants: participantsOf(room, sessions), sessions };
  };

  participant: SfuService['participant'] = async (caller, room, identity) => {
    if (!maySee(caller, { room })) return undefined;
    const { sessions } = await this.liveSessions(caller, { room });
    return participantsOf(room, sessions).find((p) => p.identity === identity);
  };

  /** Runs a session's call on its owner: here, or forwarded. Unknown here and in the directory: as the local service answers (404, or 410 from memory). */
  async #onOwner<M extends SessionMethod>(method: M, caller: Caller, sessionId: string, rest: unknown[]): Promise<Awaited<ReturnType<SfuService[M]>>> {
    const runLocally = () => (this.#local[method] as (...args: unknown[]) => Promise<Awaited<ReturnType<SfuService[M]>>>).call(this.#local, caller, sessionId, ...rest);
    if (this.#local.hasSession(sessionId)) return runLocally();
    const record = await storeError(() => this.options.directory.find(sessionId));
    if (!record || record.owner === this.options.self().id) {
      const closed = await storeError(() => this.options.directory.findClosed(sessionId));
      if (closed && closed.appId === caller.app.id && maySee(caller, closed)) {
        throw new SfuError('session_error', `session ${sessionId} is closed (${closed.reason})`, 'gone');
      }
      return runLocally();
    }
    const owner = await this.#instance(record.owner);
    if (!owner) {
      if (record.appId !== caller.app.id || !maySee(caller, record)) return runLocally();
      // No heartbeat, not reaped yet: the owner is lost (then the session answers 410 soon) or slow to reach the store again.
      throw new SfuError('temporarily_unavailable_error', `the instance serving session ${sessionId} is not answering: try again shortly`);
    }
    return this.#forward<Awaited<ReturnType<SfuService[M]>>>(owner, method, caller, [sessionId, ...rest]);
  }

  #forward<T>(to: InstanceInfo, method: string, caller: Caller, args: unknown[]): Promise<T> {
    return this.options.rpc.call<T>(to, method, [toWire(caller), ...args]);
  }

  async #instance(id: string): Promise<InstanceInfo | undefined> {
    return storeError(() => this.options.instances.get(id));
  }
}

/** A room's participants, from its sessions across the cluster: one per identity, in the order first seen. */
export function participantsOf(room: string, sessions: SessionState[]): ParticipantState[] {
  const byIdentity = new Map<string, ParticipantState>();
  for (const session of sessions) {
    if (session.identity === undefined) continue;
    let participant = byIdentity.get(session.identity);
    if (!participant) {
      participant = { room, identity: session.identity, sessionIds: [] };
      byIdentity.set(session.identity, participant);
    }
    participant.sessionIds.push(session.sessionId);
    if (session.name !== undefined) participant.name = session.name;
    if (session.metadata !== undefined) participant.metadata = session.metadata;
    if (session.joinedAt && (!participant.joinedAt || session.joinedAt < participant.joinedAt)) participant.joinedAt = session.joinedAt;
  }
  return [...byIdentity.values()];
}

export type { WireCaller };
