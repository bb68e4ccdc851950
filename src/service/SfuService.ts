import type { WorkerPool } from '../media/WorkerPool.js';
import type { SessionDescription } from '../sdp/index.js';
import type { App, AppRegistry } from './AppRegistry.js';
import {
  checkEstablishRequest,
  closeDataChannels,
  establishDataChannels,
  newDataChannels,
  updateDataChannels,
} from './dataChannelRequests.js';
import { itemError, SfuError } from './errors.js';
import { SfuEventBus } from './events.js';
import type { Logger } from './Logger.js';
import { answerClientOffer, checkBundleTransportKept, closeSection, sectionIsOpen, type PublishClaim, type PullClaim } from './negotiation.js';
import { asSfuError, checkTrackRequest, checkUpdateRequest, echo, parseDescription } from './requests.js';
import { Session, type SessionTiming } from './Session.js';
import { applyClientAnswer, offerTracks, type PublishOfferClaim } from './sfuOffers.js';
import { updateTracks, type TrackUpdateRequest, type TrackUpdateResult } from './trackUpdates.js';
import type {
  AddTracksRequest,
  AddTracksResult,
  CloseTracksRequest,
  CloseTracksResult,
  CreateSessionOptions,
  DataChannelRequest,
  DataChannelResult,
  EstablishDataChannelsRequest,
  EstablishDataChannelsResult,
  NegotiationResult,
  SessionState,
  SimulcastPreferences,
  TrackRequest,
  TrackResult,
} from './types.js';

export interface ServiceLimits {
  /** Most tracks one tracks/new or tracks/close call may name. @default 64 */
  maxTracksPerRequest: number;
  /** How long a pull waits for its publisher's first packet before empty_track_error. @default 5000 */
  emptyTrackTimeoutMs: number;
  /** How long a closed session still answers 410 instead of 404. @default 3600000 */
  closedSessionMemoryMs: number;
  /** API calls one session may take per second before 429. @default 50 */
  callsPerSecondPerSession: number;
  /** How long an operation that needs the session's transport waits for it to connect. @default 5000 */
  transportWaitMs: number;
  /** How long a waitForAck DataChannel pull waits for the subscriber's first message before it is torn down. @default 30000 */
  dataChannelAckTimeoutMs: number;
}

export interface SfuServiceOptions {
  apps: AppRegistry;
  pool: WorkerPool;
  log: Logger;
  timing: SessionTiming;
  limits: ServiceLimits;
}

/**
 * The domain: apps, sessions, tracks, negotiation and events. Both faces (REST and GraphQL) call
 * only this; every rule of the contract that is not about HTTP or GraphQL lives behind it.
 */
export class SfuService {
  readonly events = new SfuEventBus();
  readonly apps: AppRegistry;
  readonly #sessions = new Map<string, Session>();
  /** Recently closed sessions, so they answer 410 rather than 404. */
  readonly #closed = new Map<string, { appId: string; closedAt: number; reason: string }>();
  #closing = false;

  constructor(private readonly options: SfuServiceOptions) {
    this.apps = options.apps;
  }

  /** REST: the app id is in the path, the secret in the bearer header. */
  authenticate(appId: string, secret: string | undefined): App {
    return this.apps.authenticate(appId, secret);
  }

  /** GraphQL: the bearer secret alone names the app. */
  authenticateSecret(secret: string | undefined): App {
    return this.apps.bySecret(secret);
  }

  async createSession(app: App, options: CreateSessionOptions = {}): Promise<{ sessionId: string } & Partial<NegotiationResult>> {
    if (this.#closing) throw new SfuError('temporarily_unavailable_error', 'the server is shutting down');
    const remote = options.sessionDescription ? parseDescription(options.sessionDescription, 'offer') : undefined;
    const session = await Session.create({
      appId: app.id,
      worker: this.options.pool.leastLoaded(),
      options,
      events: this.events,
      timing: this.options.timing,
      callsPerSecond: this.options.limits.callsPerSecondPerSession,
      log: this.options.log,
      onClosed: (s) => this.#forget(s),
    });
    this.#sessions.set(session.id, session);
    this.events.publish({ type: 'sessionCreated', appId: app.id, sessionId: session.id, ...(options.room !== undefined ? { room: options.room } : {}) });
    this.options.log.info('session created', { sessionId: session.id, appId: app.id, correlationId: options.correlationId, worker: session.worker.pid });
    if (!remote) return { sessionId: session.id };
    try {
      const { answer } = await session.queue.push(() => answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false }));
      return { sessionId: session.id, sessionDescription: answer, requiresImmediateRenegotiation: false };
    } catch (error) {
      session.close('failed');
      throw asSfuError(error);
    }
  }

  async addTracks(app: App, sessionId: string, request: AddTracksRequest): Promise<AddTracksResult> {
    const session = this.#session(app, sessionId);
    const items = request.tracks ?? [];
    this.#checkTrackCount(items.length);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      const results = new Map<number, TrackResult>();
      const publish: PublishClaim[] = [];
      const publishOffers: PublishOfferClaim[] = [];
      const pullItems: { item: number; request: TrackRequest }[] = [];
      items.forEach((track, item) => {
        const problem = checkTrackRequest(track, remote !== undefined);
        if (problem) results.set(item, { ...echo(track), errorCode: 'invalid_params', errorDescription: problem });
        else if (track.location === 'local' && !remote) {
          publishOffers.push({ item, trackName: track.trackName!, kind: track.kind!, ...(track.bidirectionalMediaStream ? { bidirectional: true } : {}) });
        }
        else if (track.location === 'local') {
          publish.push({ item, mid: track.mid!, trackName: track.trackName!, ...(track.bidirectionalMediaStream ? { bidirectional: true } : {}) });
        }
        else pullItems.push({ item, request: track });
      });
      if (pullItems.length > 0) await session.waitForTransport(this.options.limits.transportWaitMs);
      const pulls = await this.#resolvePulls(app, session, pullItems, results);
      let negotiation: NegotiationResult = { requiresImmediateRenegotiation: false };
      try {
        if (remote) {
          const { answer, results: offered } = await answerClientOffer(session, remote, { publish, pull: pulls, autoDiscover: request.autoDiscover === true });
          offered.forEach((r, item) => results.set(item, r));
          negotiation = { sessionDescription: answer, requiresImmediateRenegotiation: false };
        } else if (pulls.length > 0 || publishOffers.length > 0) {
          const { offer, results: pulled } = await offerTracks(session, pulls, publishOffers);
          pulled.forEach((r, item) => results.set(item, r));
          if (offer) negotiation = { sessionDescription: offer, requiresImmediateRenegotiation: true };
        }
      } catch (error) {
        throw asSfuError(error);
      }
      const discovered = [...results].filter(([item]) => item < 0).map(([, result]) => result);
      return { ...negotiation, tracks: [...items.map((track, item) => results.get(item) ?? echo(track)), ...discovered] };
    });
  }

  async renegotiate(app: App, sessionId: string, description: SessionDescription | undefined): Promise<NegotiationResult> {
    const session = this.#session(app, sessionId);
    if (!description) throw new SfuError('invalid_params', 'sessionDescription is required');
    const remote = parseDescription(description);
    return this.#mutate(session, async () => {
      try {
        if (remote.type === 'answer') {
          await applyClientAnswer(session, remote);
          return { requiresImmediateRenegotiation: false };
        }
        const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
        return { sessionDescription: answer, requiresImmediateRenegotiation: false };
      } catch (error) {
        throw asSfuError(error);
      }
    });
  }

  /**
   * tracks/update: change receiving transceivers' simulcast preferences (no renegotiation) or
   * re-point them at other tracks (then with an SFU offer to answer, see trackUpdates.ts).
   */
  async updateTracks(app: App, sessionId: string, request: { tracks: TrackUpdateRequest[] }): Promise<NegotiationResult & { tracks: TrackUpdateResult[] }> {
    const session = this.#session(app, sessionId);
    this.#checkTrackCount(request.tracks.length);
    return this.#mutate(session, async () => {
      await session.waitForTransport(this.options.limits.transportWaitMs);
      const invalid = request.tracks.map((track) => checkUpdateRequest(track));
      const valid = request.tracks.filter((_, i) => !invalid[i]);
      const { results, repointed } = await updateTracks(session, valid, (item) => this.#resolvePull(app, session, item));
      const tracks = request.tracks.map((track, i) => {
        const problem = invalid[i];
        return problem ? { mid: track.mid, sessionId: track.sessionId, trackName: track.trackName, errorCode: 'invalid_params' as const, errorDescription: problem } : results.shift()!;
      });
      if (!repointed) return { requiresImmediateRenegotiation: false, tracks };
      return { sessionDescription: session.offer(), requiresImmediateRenegotiation: true, tracks };
    });
  }

  async closeTracks(app: App, sessionId: string, request: CloseTracksRequest): Promise<CloseTracksResult> {
    const session = this.#session(app, sessionId);
    this.#checkTrackCount(request.tracks.length);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      if (remote) checkBundleTransportKept(session.sections, remote);
      const tracks = request.tracks.map(({ mid }) => {
        const index = session.sections.findIndex((s) => s.mid === mid);
        const section = session.sections[index];
        if (!section || !sectionIsOpen(section)) {
          return { mid, errorCode: 'close_track_error' as const, errorDescription: `no open track has mid ${mid} in this session` };
        }
        session.sections[index] = closeSection(session, section);
        return { mid };
      });
      try {
        if (remote) {
          const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
          return { sessionDescription: answer, requiresImmediateRenegotiation: false, tracks };
        }
        if (request.force || !tracks.some((t) => !t.errorCode)) return { requiresImmediateRenegotiation: false, tracks };
        // Negotiated close without the client's offer: the SFU offers the stopped m-lines itself.
        return { sessionDescription: session.offer(), requiresImmediateRenegotiation: true, tracks };
      } catch (error) {
        throw asSfuError(error);
      }
    });
  }

  /** Gets SCTP negotiated on the session and opens the server-events channel (datachannels/establish). */
  async establishDataChannels(app: App, sessionId: string, request: EstablishDataChannelsRequest): Promise<EstablishDataChannelsResult> {
    const session = this.#session(app, sessionId);
    checkEstablishRequest(request.dataChannel);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      try {
        return await establishDataChannels(session, remote);
      } catch (error) {
        throw asSfuError(error);
      }
    });
  }

  /** Publishes (`local`) and pulls (`remote`) DataChannels; per-item results (datachannels/new). */
  async newDataChannels(app: App, sessionId: string, items: DataChannelRequest[]): Promise<DataChannelResult[]> {
    const session = this.#session(app, sessionId);
    this.#checkDataChannelCount(items.length);
    return this.#mutate(session, () =>
      newDataChannels(session, items, {
        findSession: (id) => {
          const other = this.#sessions.get(id);
          return other?.appId === app.id && !other.closed ? other : undefined;
        },
        pool: this.options.pool,
        ackTimeoutMs: this.options.limits.dataChannelAckTimeoutMs,
      }),
    );
  }

  /** Grants or revokes canReply on pulled DataChannels (datachannels/update). */
  async updateDataChannels(app: App, sessionId: string, items: DataChannelRequest[]): Promise<DataChannelResult[]> {
    const session = this.#session(app, sessionId);
    this.#checkDataChannelCount(items.length);
    return this.#mutate(session, async () => updateDataChannels(session, items));
  }

  /** Closes DataChannels by id (datachannels/close); no SDP exchange. */
  async closeDataChannels(app: App, sessionId: string, ids: number[]): Promise<DataChannelResult[]> {
    const session = this.#session(app, sessionId);
    this.#checkDataChannelCount(ids.length);
    return this.#mutate(session, async () => closeDataChannels(session, ids));
  }

  getSession(app: App, sessionId: string): SessionState {
    return this.#session(app, sessionId).state();
  }

  listSessions(app: App, filter: { room?: string } = {}): SessionState[] {
    return [...this.#sessions.values()]
      .filter((s) => s.appId === app.id && (filter.room === undefined || s.room === filter.room))
      .map((s) => s.state());
  }

  /** Closes every session; used at shutdown. */
  close(): void {
    this.#closing = true;
    for (const session of [...this.#sessions.values()]) session.close('shutdown');
  }

  /** Sessions alive right now (for tests and metrics). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * One mutation at a time per session, as the hosted service: an overlapping one is refused with
   * 406 rather than queued, since its SDP would be stale by the time it ran.
   */
  #mutate<T>(session: Session, task: () => Promise<T>): Promise<T> {
    if (session.queue.pending > 0) {
      throw new SfuError('session_error', `another operation on session ${session.id} is in progress: wait for it to finish`, 'busy');
    }
    return session.queue.push(async () => {
      session.assertOpen();
      return task();
    });
  }

  /** The app's session, counted against its call rate; 404, 410 or 429 otherwise. */
  #session(app: App, sessionId: string): Session {
    const session = this.#sessions.get(sessionId);
    if (session && session.appId === app.id) {
      const retryAfterMs = session.calls.take();
      if (retryAfterMs !== undefined) {
        const limit = this.options.limits.callsPerSecondPerSession;
        throw new SfuError('too_many_requests', `session ${sessionId} made more than ${limit} API calls in a second`, undefined, retryAfterMs);
      }
      return session;
    }
    const closed = this.#closed.get(sessionId);
    if (closed && closed.appId === app.id) {
      throw new SfuError('session_error', `session ${sessionId} is closed (${closed.reason})`, 'gone');
    }
    throw new SfuError('not_found', `session ${sessionId} does not exist in app ${app.id}`);
  }

  #forget(session: Session): void {
    this.#sessions.delete(session.id);
    const now = Date.now();
    this.#closed.set(session.id, { appId: session.appId, closedAt: now, reason: session.closeReason ?? 'closed' });
    for (const [id, entry] of this.#closed) {
      if (now - entry.closedAt <= this.options.limits.closedSessionMemoryMs && this.#closed.size <= 100_000) break;
      this.#closed.delete(id);
    }
  }

  #checkTrackCount(count: number): void {
    const max = this.options.limits.maxTracksPerRequest;
    if (count > max) throw new SfuError('invalid_params', `a request may name at most ${max} tracks, got ${count}`);
  }

  #checkDataChannelCount(count: number): void {
    const max = this.options.limits.maxTracksPerRequest;
    if (count > max) throw new SfuError('invalid_params', `a request may name at most ${max} DataChannels, got ${count}`);
  }

  /** Finds each pulled track, waits for its first media, and pipes it to this session's worker. */
  /** A published track of the same app, with media, reachable from the subscriber's worker. */
  async #resolvePull(
    app: App,
    subscriber: Session,
    request: { sessionId: string; trackName: string; simulcast?: SimulcastPreferences },
    item = 0,
  ): Promise<PullClaim> {
    const publisher = this.#sessions.get(request.sessionId);
    const source = publisher?.appId === app.id ? publisher.openPublishedTrack(request.trackName) : undefined;
    if (!publisher || !source) {
      throw new SfuError('not_found_track_error', `session ${request.sessionId} publishes no track named "${request.trackName}"`);
    }
    if (!(await source.waitForMedia(this.options.limits.emptyTrackTimeoutMs))) {
      throw new SfuError('empty_track_error', `track "${request.trackName}" of session ${request.sessionId} has sent no media yet`);
    }
    await this.options.pool.reach(source.producer, publisher.worker, subscriber.worker);
    return { item, source, publisherSessionId: publisher.id, ...(request.simulcast !== undefined ? { simulcast: request.simulcast } : {}) };
  }

  async #resolvePulls(
    app: App,
    subscriber: Session,
    items: { item: number; request: TrackRequest }[],
    results: Map<number, TrackResult>,
  ): Promise<PullClaim[]> {
    const resolved = await Promise.all(
      items.map(async ({ item, request }) => {
        try {
          const claim = await this.#resolvePull(app, subscriber, request as { sessionId: string; trackName: string }, item);
          if (request.mid !== undefined) claim.mid = request.mid;
          return claim;
        } catch (error) {
          results.set(item, { ...echo(request), ...itemError(error) });
          return undefined;
        }
      }),
    );
    return resolved.filter((c): c is PullClaim => c !== undefined);
  }
}
