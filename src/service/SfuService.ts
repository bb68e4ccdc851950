import type { WorkerPool } from '../media/WorkerPool.js';
import type { RemoteDescription, SessionDescription } from '../sdp/index.js';
import type { App, AppRegistry } from './apps/AppRegistry.js';
import {
  checkEstablishRequest,
  closeDataChannels,
  establishDataChannels,
  newDataChannels,
  updateDataChannels,
} from './dataChannels/operations.js';
import { AppQuotas, type AppQuotaLimits } from './apps/AppQuotas.js';
import { asSfuError, SfuError } from './errors.js';
import { SfuEventBus } from './events/SfuEventBus.js';
import type { Logger } from './Logger.js';
import { checkMetadata, type MetadataLimits } from './session/metadata.js';
import { checkStreamId } from './values.js';
import { answerClientOffer, checkBundleTransportKept, closeSection, discoverableSections, sectionIsOpen, type PublishClaim, type PullClaim } from './negotiation/answerOffer.js';
import { checkTrackRequest, checkUpdateRequest, echo, parseDescription } from './tracks/trackRequests.js';
import { Session, type SessionTiming } from './session/Session.js';
import { applyClientAnswer, offerTracks, type PublishOfferClaim } from './negotiation/sfuOffer.js';
import { updateTracks, type TrackUpdateRequest, type TrackUpdateResult } from './tracks/updateTracks.js';
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

export interface ServiceLimits extends AppQuotaLimits, MetadataLimits {
  /** Most tracks one tracks/new or tracks/close call may name, auto-discovered ones included. @default 64 */
  maxTracksPerRequest: number;
  /** Most open tracks (published and pulled) one session may have. @default 256 */
  maxTracksPerSession: number;
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
  readonly #quotas: AppQuotas;
  #closing = false;

  constructor(private readonly options: SfuServiceOptions) {
    this.apps = options.apps;
    this.#quotas = new AppQuotas(options.limits);
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
    if (options.metadata !== undefined) checkMetadata(options.metadata, this.options.limits);
    const remote = options.sessionDescription ? parseDescription(options.sessionDescription, 'offer') : undefined;
    this.#quotas.admitSession(app.id);
    let session: Session;
    try {
      session = await Session.create({
        appId: app.id,
        worker: this.options.pool.leastLoaded(),
        options,
        events: this.events,
        timing: this.options.timing,
        callsPerSecond: this.options.limits.callsPerSecondPerSession,
        log: this.options.log,
        onClosed: (s) => this.#forget(s),
      });
    } catch (error) {
      this.#quotas.sessionEnded(app.id);
      throw asSfuError(error);
    }
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
    const session = this.#sessionForCall(app, sessionId);
    const items = request.tracks ?? [];
    this.#checkTrackCount(items.length);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      this.#checkNewTracks(session, items, remote, request.autoDiscover === true);
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
      if (remote) {
        const { answer, results: offered } = await answerClientOffer(session, remote, { publish, pull: pulls, autoDiscover: request.autoDiscover === true });
        offered.forEach((r, item) => results.set(item, r));
        negotiation = { sessionDescription: answer, requiresImmediateRenegotiation: false };
      } else if (pulls.length > 0 || publishOffers.length > 0) {
        const { offer, results: pulled } = await offerTracks(session, pulls, publishOffers);
        pulled.forEach((r, item) => results.set(item, r));
        if (offer) negotiation = { sessionDescription: offer, requiresImmediateRenegotiation: true };
      }
      const discovered = [...results].filter(([item]) => item < 0).map(([, result]) => result);
      return { ...negotiation, tracks: [...items.map((track, item) => results.get(item) ?? echo(track)), ...discovered] };
    });
  }

  async renegotiate(app: App, sessionId: string, description: SessionDescription | undefined): Promise<NegotiationResult> {
    const session = this.#sessionForCall(app, sessionId);
    if (!description) throw new SfuError('invalid_params', 'sessionDescription is required');
    const remote = parseDescription(description);
    return this.#mutate(session, async () => {
      if (remote.type === 'answer') {
        await applyClientAnswer(session, remote);
        return { requiresImmediateRenegotiation: false };
      }
      const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
      return { sessionDescription: answer, requiresImmediateRenegotiation: false };
    });
  }

  /**
   * tracks/update: change receiving transceivers' simulcast preferences (no renegotiation) or
   * re-point them at other tracks (then with an SFU offer to answer, see trackUpdates.ts).
   */
  async updateTracks(app: App, sessionId: string, request: { tracks: TrackUpdateRequest[] }): Promise<NegotiationResult & { tracks: TrackUpdateResult[] }> {
    const session = this.#sessionForCall(app, sessionId);
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
    const session = this.#sessionForCall(app, sessionId);
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
      if (remote) {
        const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
        return { sessionDescription: answer, requiresImmediateRenegotiation: false, tracks };
      }
      if (request.force || !tracks.some((t) => !t.errorCode)) return { requiresImmediateRenegotiation: false, tracks };
      // Negotiated close without the client's offer: the SFU offers the stopped m-lines itself.
      return { sessionDescription: session.offer(), requiresImmediateRenegotiation: true, tracks };
    });
  }

  /** Gets SCTP negotiated on the session and opens the server-events channel (datachannels/establish). */
  async establishDataChannels(app: App, sessionId: string, request: EstablishDataChannelsRequest): Promise<EstablishDataChannelsResult> {
    const session = this.#sessionForCall(app, sessionId);
    checkEstablishRequest(request.dataChannel);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      return await establishDataChannels(session, remote);
    });
  }

  /** Publishes (`local`) and pulls (`remote`) DataChannels; per-item results (datachannels/new). */
  async newDataChannels(app: App, sessionId: string, items: DataChannelRequest[]): Promise<DataChannelResult[]> {
    const session = this.#sessionForCall(app, sessionId);
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
    const session = this.#sessionForCall(app, sessionId);
    this.#checkDataChannelCount(items.length);
    return this.#mutate(session, async () => updateDataChannels(session, items));
  }

  /** Closes DataChannels by id (datachannels/close); no SDP exchange. */
  async closeDataChannels(app: App, sessionId: string, ids: number[]): Promise<DataChannelResult[]> {
    const session = this.#sessionForCall(app, sessionId);
    this.#checkDataChannelCount(ids.length);
    ids.forEach((id, i) => checkStreamId(id, `dataChannels[${i}].id`));
    return this.#mutate(session, async () => closeDataChannels(session, ids));
  }

  /** GET /sessions/{id}: an API call of the contract, so it counts against the session's call rate. */
  getSession(app: App, sessionId: string): SessionState {
    return this.#sessionForCall(app, sessionId).state();
  }

  /** A session's state for reads that are not API calls (GraphQL fields): 404 or 410, never 429. */
  sessionState(app: App, sessionId: string): SessionState {
    return this.#session(app, sessionId).state();
  }

  /** The session's state while it is live in this app, else undefined (presence reads). */
  findSession(app: App, sessionId: string): SessionState | undefined {
    const session = this.#sessions.get(sessionId);
    return session?.appId === app.id ? session.state() : undefined;
  }

  /** Whether the app has, or recently had, this session: what may be subscribed to. */
  knowsSession(app: App, sessionId: string): boolean {
    return (this.#sessions.get(sessionId) ?? this.#closed.get(sessionId))?.appId === app.id;
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
      try {
        return await task();
      } catch (error) {
        // The one place an operation's failure becomes the contract's error (SDP refusals, capacity).
        throw asSfuError(error);
      }
    });
  }

  /** The app's session for an API call of the contract, counted against its call rate (else 429). */
  #sessionForCall(app: App, sessionId: string): Session {
    const session = this.#session(app, sessionId);
    const retryAfterMs = session.calls.take();
    if (retryAfterMs !== undefined) {
      const limit = this.options.limits.callsPerSecondPerSession;
      throw new SfuError('too_many_requests', `session ${sessionId} made more than ${limit} API calls in a second`, undefined, retryAfterMs);
    }
    return session;
  }

  /** The app's live session; 404 or 410 otherwise. */
  #session(app: App, sessionId: string): Session {
    const session = this.#sessions.get(sessionId);
    if (session && session.appId === app.id) return session;
    const closed = this.#closed.get(sessionId);
    if (closed && closed.appId === app.id) {
      throw new SfuError('session_error', `session ${sessionId} is closed (${closed.reason})`, 'gone');
    }
    throw new SfuError('not_found', `session ${sessionId} does not exist in app ${app.id}`);
  }

  #forget(session: Session): void {
    this.#sessions.delete(session.id);
    this.#quotas.sessionEnded(session.appId);
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

  /**
   * A request may not add more tracks than the per-request limit, counting the m-sections
   * autoDiscover would publish, nor take the session past its open-track limit.
   */
  #checkNewTracks(session: Session, items: TrackRequest[], remote: RemoteDescription | undefined, autoDiscover: boolean): void {
    const claimed = new Set(items.flatMap((t) => (t.mid !== undefined ? [t.mid] : [])));
    const discovered = remote && autoDiscover ? discoverableSections(session, remote, claimed) : 0;
    this.#checkTrackCount(items.length + discovered);
    const open = session.tracks.filter((t) => !t.closed).length;
    const max = this.options.limits.maxTracksPerSession;
    if (open + items.length + discovered > max) {
      throw new SfuError('invalid_params', `session ${session.id} has ${open} open tracks; ${items.length + discovered} more would pass its limit of ${max}`);
    }
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
          results.set(item, { ...echo(request), ...subscriber.itemError(error, request.mid) });
          return undefined;
        }
      }),
    );
    return resolved.filter((c): c is PullClaim => c !== undefined);
  }
}

