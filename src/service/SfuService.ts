import type { types as mediasoup } from 'mediasoup';
import type { MediaWorker } from '../media/MediaWorker.js';
import type { WorkerPool } from '../media/WorkerPool.js';
import type { MediaKind, RemoteDescription, SessionDescription } from '../sdp/index.js';
import { mintAccessToken, type AccessTokenRequest, type Participant } from './access/accessToken.js';
import { authenticate } from './access/authenticate.js';
import { assertCurrent, assertMayAct, maySee, requireGrant, requireSecret, roomFor, sessionOptionsFor, type Caller } from './access/Caller.js';
import { checkAdapterIds, checkNewAdapterItems } from './adapters/checkRequest.js';
import { WebSocketAdapters, type AdapterEvent } from './adapters/WebSocketAdapters.js';
import type { CloseAdapterResult, NewAdapterItem, NewAdapterResult } from './adapters/types.js';
import { AppQuotas, type AppQuotaLimits } from './apps/AppQuotas.js';
import type { AppRegistry } from './apps/AppRegistry.js';
import { checkEstablishRequest, closeDataChannels, establishDataChannels, newDataChannels, updateDataChannels, type RemoteChannel } from './dataChannels/operations.js';
import { asSfuError, SfuError } from './errors.js';
import type { EventLog } from './events/EventLog.js';
import { SfuEventBus, type NewSfuEvent, type SessionEventSink } from './events/SfuEventBus.js';
import type { Logger } from './Logger.js';
import { answerClientOffer, discoverableSections } from './negotiation/answerOffer.js';
import type { PullClaim } from './negotiation/claims.js';
import { parseDescription } from './negotiation/parseDescription.js';
import { applyClientAnswer } from './negotiation/sfuOffer.js';
import { Participants, type ParticipantState } from './rooms/Participants.js';
import { checkMetadata, type MetadataLimits } from './session/metadata.js';
import { Session, type SessionTiming } from './session/Session.js';
import { addTracks } from './tracks/addTracks.js';
import type { PublishedTrack } from './tracks/PublishedTrack.js';
import { closeTracks } from './tracks/closeTracks.js';
import { muteTracks, type MuteRequest, type MuteResult } from './tracks/muteTracks.js';
import { planTracks, type PullTarget } from './tracks/planTracks.js';
import { updateTracks, type TrackUpdateRequest, type TrackUpdateResult } from './tracks/updateTracks.js';
import type {
  AddTracksRequest,
  AddTracksResult,
  CloseTracksRequest,
  CloseTracksResult,
  CreateSessionOptions,
  DataChannelDelivery,
  DataChannelRequest,
  DataChannelResult,
  EstablishDataChannelsRequest,
  EstablishDataChannelsResult,
  NegotiationResult,
  RoomState,
  SessionState,
  TrackRequest,
} from './types.js';
import { checkStreamId } from './values.js';

/** The service's limits; the server's config holds them as they are (each with its environment variable). */
export interface ServiceLimits extends AppQuotaLimits, MetadataLimits {
  /** Most tracks one tracks/new or tracks/close call may name, auto-discovered ones included. `SFU_MAX_TRACKS_PER_REQUEST`, @default 64 */
  maxTracksPerRequest: number;
  /** Most open tracks (published and pulled) one session may have. `SFU_MAX_TRACKS_PER_SESSION`, @default 256 */
  maxTracksPerSession: number;
  /**
   * Live sessions an access token's holder may have at once (a page that reconnects makes a new
   * one before the old one times out). The app's secret is not bounded by it. `SFU_MAX_SESSIONS_PER_PARTICIPANT`, @default 8
   */
  maxSessionsPerParticipant: number;
  /** Most open DataChannels (published and pulled) one session may have. `SFU_MAX_DATACHANNELS_PER_SESSION`, @default 256 */
  maxDataChannelsPerSession: number;
  /** Most m-sections one session's PeerConnection may have that are not stopped (an offer with more is refused). `SFU_MAX_SECTIONS_PER_SESSION`, @default 512 */
  maxSectionsPerSession: number;
  /** How long a pull waits for its publisher's first packet before empty_track_error. `SFU_EMPTY_TRACK_TIMEOUT_MS`, @default 5000 */
  emptyTrackTimeoutMs: number;
  /** How long a closed session still answers 410 instead of 404. `SFU_CLOSED_SESSION_MEMORY_MS`, @default 3600000 */
  closedSessionMemoryMs: number;
  /** API calls one session may take per second before 429. `SFU_CALLS_PER_SECOND`, @default 50 */
  callsPerSecondPerSession: number;
  /** How long an operation that needs the session's transport waits for it to connect (then 425). `SFU_TRANSPORT_WAIT_MS`, @default 5000 */
  transportWaitMs: number;
  /** How long a waitForAck DataChannel pull waits for the subscriber's first message before it is torn down. `SFU_DATACHANNEL_ACK_TIMEOUT_MS`, @default 30000 */
  dataChannelAckTimeoutMs: number;
  /** JPEG images a second a WebSocket adapter with outputCodec jpeg sends (at most 30). `SFU_ADAPTER_JPEG_FPS`, @default 1 */
  adapterJpegFps?: number;
}

/** One live session as metrics see it (SfuService.usage). */
export interface SessionUsage {
  appId: string;
  transport: mediasoup.WebRtcTransport;
  /** Open published tracks' producers. */
  producers: mediasoup.Producer[];
  /** Open pulled tracks' consumers. */
  consumers: mediasoup.Consumer[];
  /** Open DataChannels, published and pulled. */
  dataChannels: number;
}

/** Tracks of sessions this process does not have: the cluster's other instances (src/cluster/). */
export interface RemoteTracks {
  /**
   * A track another instance's session publishes, made reachable on `worker` (piped from its
   * instance), with a release for when nothing consumes it; undefined when no instance has the
   * session. Throws the contract's item errors (not found, no media yet) as a local pull would.
   */
  resolvePull(caller: Caller, target: PullTarget, worker: MediaWorker): Promise<PullClaim | undefined>;
  /** A DataChannel another instance's session publishes, piped onto `worker`; undefined when no instance has the session. */
  resolveChannel(caller: Caller, publisherSessionId: string, name: string, worker: MediaWorker): Promise<RemoteChannel | undefined>;
}

/** What another instance needs to pipe one of this process's published DataChannels. */
export interface ExportedChannel {
  dataProducerId: string;
  delivery: DataChannelDelivery;
}

/** What another instance needs to pipe one of this process's published tracks. */
export interface ExportedTrack {
  producerId: string;
  trackName: string;
  kind: MediaKind;
  rids: string[];
}

/** A session of this process opening and closing, for a cluster's registry. */
export interface SessionLifecycle {
  opened(session: { id: string; appId: string; room?: string | undefined; identity?: string | undefined }): void;
  closed(session: { id: string; appId: string; room?: string | undefined }, reason: string): void;
}

/**
 * Who decides when a participant joins and leaves, when its sessions may live on several
 * instances (cluster mode): told of each connected and ended session, it calls `announce` once
 * when that made the participant join (first connected session) or leave (last session ended).
 * Without it, this process's own registry decides.
 */
export interface ParticipantPresence {
  connected(session: { id: string; appId: string; room: string; identity: string }, announce: () => void): void;
  ended(session: { id: string; appId: string; room: string; identity: string }, announce: () => void): void;
}

export interface SfuServiceOptions {
  apps: AppRegistry;
  presence?: ParticipantPresence;
  lifecycle?: SessionLifecycle;
  /** Pulls of tracks published on other instances (cluster mode). */
  remote?: RemoteTracks;
  /** Where events go: the in-memory bus by default, the cluster's log in cluster mode. */
  events?: EventLog;
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
  readonly events: EventLog;
  readonly apps: AppRegistry;
  readonly #sessions = new Map<string, Session>();
  /** Recently closed sessions, so they answer 410 rather than 404. */
  readonly #closed = new Map<string, { appId: string; room: string | undefined; identity: string | undefined; closedAt: number; reason: string }>();
  readonly #participants = new Participants();
  /** Sessions publish through this: their events, then the participant events those imply, in order. */
  readonly #sessionEvents: SessionEventSink = { publish: (event) => this.#sessionEvent(event) };
  readonly #quotas: AppQuotas;
  readonly #adapters: WebSocketAdapters;
  #closing = false;
  #draining = false;

  constructor(private readonly options: SfuServiceOptions) {
    this.apps = options.apps;
    this.events = options.events ?? new SfuEventBus();
    this.#quotas = new AppQuotas(options.limits);
    this.#adapters = new WebSocketAdapters({
      log: options.log,
      ...(options.limits.adapterJpegFps !== undefined ? { jpegFps: options.limits.adapterJpegFps } : {}),
      onEvent: (event) => this.#adapterEvent(event),
    });
  }

  /**
   * The caller a bearer value names: the app by its secret, or a participant by its access token.
   * REST names the app in its path (`appId`); GraphQL does not, and the bearer alone names it.
   */
  authenticate(bearer: string | undefined, appId?: string): Promise<Caller> {
    return authenticate(this.apps, bearer, this.options.limits, appId);
  }

  /** Signs an access token for one participant of one room; only the app's secret may ask. */
  createAccessToken(caller: Caller, request: AccessTokenRequest): Promise<{ token: string; expiresAt: Date }> {
    requireSecret(caller, 'minting an access token');
    return mintAccessToken(caller.app.id, this.apps.signingKey(caller.app.id), request, this.options.limits);
  }

  async createSession(caller: Caller, requested: CreateSessionOptions = {}): Promise<{ sessionId: string } & Partial<NegotiationResult>> {
    assertCurrent(caller);
    const app = caller.app;
    this.#refuseWhenDraining();
    const options = sessionOptionsFor(caller, requested);
    if (options.metadata !== undefined) checkMetadata(options.metadata, this.options.limits);
    checkLabel('room', options.room, 128);
    checkLabel('identity', options.identity, 128);
    checkLabel('name', options.name, 256);
    checkLabel('correlationId', options.correlationId, 256);
    if (caller.participant) this.#checkParticipantSessions(caller.participant);
    const remote = options.sessionDescription ? parseDescription(options.sessionDescription, 'offer') : undefined;
    const session = await this.#openSession(app.id, options);
    if (!remote) return { sessionId: session.id };
    try {
      const { answer } = await session.queue.push(() => answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false }));
      return { sessionId: session.id, sessionDescription: answer, requiresImmediateRenegotiation: false };
    } catch (error) {
      session.close('failed');
      throw asSfuError(error);
    }
  }

  async addTracks(caller: Caller, sessionId: string, request: AddTracksRequest): Promise<AddTracksResult> {
    const session = this.#sessionForCall(caller, sessionId);
    const items = request.tracks ?? [];
    if (request.autoDiscover === true || items.some((t) => t.location === 'local')) requireGrant(caller, 'canPublish', 'publish tracks');
    if (items.some((t) => t.location === 'remote' || t.bidirectionalMediaStream === true)) requireGrant(caller, 'canSubscribe', 'pull tracks');
    this.#checkTrackCount(items.length);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    const plan = planTracks(items, remote !== undefined);
    const autoDiscover = request.autoDiscover === true;
    return this.#mutate(session, async () => {
      this.#checkNewTracks(session, items, remote, autoDiscover);
      return addTracks(session, plan, {
        remote,
        autoDiscover,
        resolvePull: (target) => this.#resolvePull(caller, session, target),
        transportWaitMs: this.options.limits.transportWaitMs,
      });
    });
  }

  async renegotiate(caller: Caller, sessionId: string, description: SessionDescription | undefined): Promise<NegotiationResult> {
    const session = this.#sessionForCall(caller, sessionId);
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
  async updateTracks(caller: Caller, sessionId: string, request: { tracks: TrackUpdateRequest[] }): Promise<NegotiationResult & { tracks: TrackUpdateResult[] }> {
    const session = this.#sessionForCall(caller, sessionId);
    // Every update is about what the session receives.
    requireGrant(caller, 'canSubscribe', 'change pulled tracks');
    this.#checkTrackCount(request.tracks.length);
    return this.#mutate(session, async () => {
      await session.waitForTransport(this.options.limits.transportWaitMs);
      return updateTracks(session, request.tracks, (target) => this.#resolvePull(caller, session, target));
    });
  }

  async closeTracks(caller: Caller, sessionId: string, request: CloseTracksRequest): Promise<CloseTracksResult> {
    const session = this.#sessionForCall(caller, sessionId);
    this.#checkTrackCount(request.tracks.length);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, () => closeTracks(session, request, remote));
  }

  /**
   * Ends a session now (GraphQL only; REST sessions end with their PeerConnection): its tracks
   * close, its pulls end, the room hears SessionLeft (and ParticipantLeft for a last session)
   * without waiting for a DTLS close or the liveness timeout.
   */
  async closeSession(caller: Caller, sessionId: string): Promise<void> {
    this.#sessionForCall(caller, sessionId, { needsPeer: false }).close('closed');
  }

  /** Pauses or resumes the session's own published tracks, kept open meanwhile (GraphQL only). */
  async muteTracks(caller: Caller, sessionId: string, items: MuteRequest[]): Promise<MuteResult[]> {
    const session = this.#sessionForCall(caller, sessionId, { needsPeer: false });
    this.#checkTrackCount(items.length);
    return this.#mutate(session, () => muteTracks(session, items));
  }

  /** Gets SCTP negotiated on the session and opens the server-events channel (datachannels/establish). */
  async establishDataChannels(caller: Caller, sessionId: string, request: EstablishDataChannelsRequest): Promise<EstablishDataChannelsResult> {
    const session = this.#sessionForCall(caller, sessionId);
    checkEstablishRequest(request.dataChannel);
    const remote = request.sessionDescription ? parseDescription(request.sessionDescription, 'offer') : undefined;
    return this.#mutate(session, async () => {
      return await establishDataChannels(session, remote);
    });
  }

  /** Publishes (`local`) and pulls (`remote`) DataChannels; per-item results (datachannels/new). */
  async newDataChannels(caller: Caller, sessionId: string, items: DataChannelRequest[]): Promise<DataChannelResult[]> {
    const session = this.#sessionForCall(caller, sessionId);
    this.#checkDataChannelCount(items.length);
    if (items.some((c) => c.location === 'local')) requireGrant(caller, 'canPublishData', 'publish DataChannels');
    if (items.some((c) => c.location === 'remote')) requireGrant(caller, 'canSubscribe', 'pull DataChannels');
    const open = session.dataChannels.openCount;
    const max = this.options.limits.maxDataChannelsPerSession;
    if (open + items.length > max) {
      throw new SfuError('invalid_params', `session ${session.id} has ${open} open DataChannels; ${items.length} more would pass its limit of ${max}`);
    }
    return this.#mutate(session, () =>
      newDataChannels(session, items, {
        findSession: (id) => {
          const other = this.#sessions.get(id);
          return other?.appId === caller.app.id && maySee(caller, other) && !other.closed ? other : undefined;
        },
        ...(this.options.remote
          ? {
              remoteChannel: async (id: string, name: string, worker: MediaWorker) =>
                this.#sessions.has(id) || this.#closed.has(id) ? undefined : this.options.remote!.resolveChannel(caller, id, name, worker),
            }
          : {}),
        pool: this.options.pool,
        ackTimeoutMs: this.options.limits.dataChannelAckTimeoutMs,
      }),
    );
  }

  /** Grants or revokes canReply on pulled DataChannels (datachannels/update). */
  async updateDataChannels(caller: Caller, sessionId: string, items: DataChannelRequest[]): Promise<DataChannelResult[]> {
    const session = this.#sessionForCall(caller, sessionId);
    this.#checkDataChannelCount(items.length);
    return this.#mutate(session, async () => updateDataChannels(session, items));
  }

  /** Closes DataChannels by id (datachannels/close); no SDP exchange. */
  async closeDataChannels(caller: Caller, sessionId: string, ids: number[]): Promise<DataChannelResult[]> {
    const session = this.#sessionForCall(caller, sessionId);
    this.#checkDataChannelCount(ids.length);
    ids.forEach((id, i) => checkStreamId(id, `dataChannels[${i}].id`));
    return this.#mutate(session, async () => closeDataChannels(session, ids));
  }

  /**
   * GET /sessions/{id}: an API call of the contract, so it counts against the session's call rate
   * when its owner (or the app) reads it. A token holder may read its room's other sessions
   * (presence), which spends nothing of theirs.
   */
  async getSession(caller: Caller, sessionId: string): Promise<SessionState> {
    const session = this.#session(caller, sessionId);
    if (!caller.participant || caller.participant.identity === session.identity) this.#takeCall(session);
    return session.state();
  }

  /** A session's state for reads that are not API calls (GraphQL fields): 404 or 410, never 429. */
  async sessionState(caller: Caller, sessionId: string): Promise<SessionState> {
    return this.#session(caller, sessionId).state();
  }

  /** The session's state while it is live and the caller may see it, else undefined (presence reads). */
  async findSession(caller: Caller, sessionId: string): Promise<SessionState | undefined> {
    return this.localSession(caller, sessionId);
  }

  /** As findSession, of this process's sessions only. */
  localSession(caller: Caller, sessionId: string): SessionState | undefined {
    const session = this.#sessions.get(sessionId);
    return session?.appId === caller.app.id && maySee(caller, session) ? session.state() : undefined;
  }

  /** Whether the caller may see this session, live or recently closed: what may be subscribed to. */
  async knowsSession(caller: Caller, sessionId: string): Promise<boolean> {
    const known = this.#sessions.get(sessionId) ?? this.#closed.get(sessionId);
    return known?.appId === caller.app.id && maySee(caller, known);
  }

  /** The app's live sessions, or one room's; a token's holder sees its own room's only. */
  async listSessions(caller: Caller, filter: { room?: string } = {}): Promise<SessionState[]> {
    return this.localSessions(caller, filter);
  }

  /** As listSessions, of this process's sessions only. */
  localSessions(caller: Caller, filter: { room?: string } = {}): SessionState[] {
    assertCurrent(caller);
    const room = roomFor(caller, filter.room);
    return [...this.#sessions.values()]
      .filter((s) => s.appId === caller.app.id && (room === undefined || s.room === room))
      .map((s) => s.state());
  }

  /**
   * The live sessions and the seq of the last event they reflect, read in one tick: no event
   * falls between them, so `events(since: seq)` follows on without a gap or a duplicate.
   */
  async liveSessions(caller: Caller, filter: { room?: string } = {}): Promise<{ seq: number; sessions: SessionState[] }> {
    const seq = this.events.lastSeq(caller.app.id);
    const sessions = this.localSessions(caller, filter);
    return { seq: await seq, sessions };
  }

  /** The room a subscription follows: the one asked for (any, for the app); a token's holder, its own only. */
  roomFor(caller: Caller, room: string | undefined): string | undefined {
    assertCurrent(caller);
    return roomFor(caller, room);
  }

  /** A room now: its participants, its sessions (those without an identity too) and the seq of the last event it reflects (see liveSessions). */
  async room(caller: Caller, name: string): Promise<RoomState> {
    const room = roomFor(caller, name)!;
    const { seq, sessions } = await this.liveSessions(caller, { room });
    return { name: room, seq, participants: this.#participants.inRoom(caller.app.id, room), sessions };
  }

  /** One participant of a room the caller may see, if it has live sessions. */
  async participant(caller: Caller, room: string, identity: string): Promise<ParticipantState | undefined> {
    if (!maySee(caller, { room })) return undefined;
    return this.#participants.find(caller.app.id, room, identity);
  }

  /** Whether this process has the session (live): where a cluster runs calls for it. */
  hasSession(sessionId: string): boolean {
    return this.#sessions.has(sessionId);
  }

  /** The live sessions of this process, with their apps (a cluster's registry and reaper read it). */
  localSessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  /**
   * One of this process's published tracks, for another instance to pipe to a subscriber there:
   * the same visibility, not-found and empty-track answers as a local pull.
   */
  async exportTrack(caller: Caller, target: PullTarget): Promise<ExportedTrack> {
    assertCurrent(caller);
    const { source } = await this.#publishedSource(caller, target);
    return { producerId: source.producer.id, trackName: source.trackName, kind: source.kind, rids: source.rids };
  }

  /** One of this process's published DataChannels, for another instance to pipe (the same visibility as a local pull). */
  async exportChannel(caller: Caller, publisherSessionId: string, name: string): Promise<ExportedChannel> {
    assertCurrent(caller);
    const channel = this.#visibleChannel(caller, publisherSessionId, name);
    return { dataProducerId: channel.producer.id, delivery: channel.delivery };
  }

  /** A message a subscriber on another instance writes back (canReply), to the publisher here. */
  async replyToChannel(caller: Caller, publisherSessionId: string, name: string, message: string, ppid: number): Promise<void> {
    this.#visibleChannel(caller, publisherSessionId, name).reply(Buffer.from(message, 'base64'), ppid);
  }

  #visibleChannel(caller: Caller, publisherSessionId: string, name: string) {
    const publisher = this.#sessions.get(publisherSessionId);
    const channel = publisher?.appId === caller.app.id && maySee(caller, publisher) ? publisher.dataChannels.published(name) : undefined;
    if (!channel) throw new SfuError('not_found_track_error', `session ${publisherSessionId} publishes no DataChannel named "${name}"`);
    return channel;
  }

  /** A published DataChannel's data producer of this process and its router (what another instance pipes from). */
  findDataProducer(dataProducerId: string): { producer: import('mediasoup').types.DataProducer; router: MediaWorker['router'] } | undefined {
    for (const session of this.#sessions.values()) {
      const channel = session.dataChannels.publishedByProducer(dataProducerId);
      if (channel) return { producer: channel.producer, router: session.worker.router };
    }
    return undefined;
  }

  /** A published track's producer of this process and the router it is on (what another instance pipes from). */
  findProducer(producerId: string): { producer: PublishedTrack['producer']; router: MediaWorker['router'] } | undefined {
    for (const session of this.#sessions.values()) {
      const track = session.tracks.find((t): t is PublishedTrack => t.location === 'local' && !t.closed && t.producer.id === producerId);
      if (track) return { producer: track.producer, router: session.worker.router };
    }
    return undefined;
  }

  /**
   * adapters/websocket/new: 1 to 4 adapters, each item answered on its own (see
   * docs/adapters-websocket.md). Only the app's secret may ask, as on Cloudflare.
   */
  async newWebSocketAdapters(caller: Caller, items: NewAdapterItem[]): Promise<NewAdapterResult[]> {
    assertCurrent(caller);
    requireSecret(caller, 'creating a WebSocket adapter');
    this.#refuseWhenDraining();
    checkNewAdapterItems(items);
    return this.#adapters.create(caller.app.id, items, {
      source: async (target) => {
        const { publisher, source } = await this.#publishedSource(caller, target);
        return { router: publisher.worker.router, producer: source.producer };
      },
      openSession: async () => {
        const session = await this.#openSession(caller.app.id, {}, true);
        return {
          id: session.id,
          router: session.worker.router,
          publish: (trackName, producer) => void session.publishFed(trackName, producer),
          close: () => session.close('closed'),
        };
      },
    });
  }

  /** adapters/websocket/close: idempotent; an id this app never had is adapter_not_found. */
  async closeWebSocketAdapters(caller: Caller, adapterIds: string[]): Promise<CloseAdapterResult[]> {
    assertCurrent(caller);
    requireSecret(caller, 'closing a WebSocket adapter');
    checkAdapterIds(adapterIds);
    return this.#adapters.close(caller.app.id, adapterIds);
  }

  /** A live adapter of this process (tests). */
  webSocketAdapter(adapterId: string): { ffmpegPid: number | undefined; bytesProcessed: number; closed: boolean } | undefined {
    return this.#adapters.get(adapterId);
  }

  /** Closes every session and adapter; used at shutdown. */
  close(): void {
    this.#closing = true;
    void this.#adapters.closeAll();
    for (const session of [...this.#sessions.values()]) session.close('shutdown');
  }

  /**
   * Stops taking new sessions and adapters (`temporarily_unavailable_error`, 503) while the live
   * ones go on: the server drains before it stops.
   */
  drain(): void {
    this.#draining = true;
  }

  /** True once draining or closing: new sessions are refused. */
  get draining(): boolean {
    return this.#draining || this.#closing;
  }

  /** What metrics read of each live session: its app, its transport and its open media and channels. */
  usage(): SessionUsage[] {
    return [...this.#sessions.values()].map((session) => ({
      appId: session.appId,
      transport: session.transport,
      producers: session.tracks.flatMap((t) => (t.location === 'local' && !t.closed ? [t.producer] : [])),
      consumers: session.tracks.flatMap((t) => (t.location === 'remote' && !t.closed ? [t.consumer] : [])),
      dataChannels: session.dataChannels.openCount,
    }));
  }

  #refuseWhenDraining(): void {
    if (this.#closing) throw new SfuError('temporarily_unavailable_error', 'the server is shutting down');
    if (this.#draining) throw new SfuError('temporarily_unavailable_error', 'the server is draining before a restart and takes no new sessions: try again shortly (or another instance)');
  }

  /** Sessions alive right now (for tests and metrics). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** A new session of the app, counted against its quota, registered and announced (sessionCreated). */
  async #openSession(appId: string, options: CreateSessionOptions, fedByAdapter = false): Promise<Session> {
    this.#quotas.admitSession(appId);
    let session: Session;
    try {
      session = await Session.create({
        appId,
        worker: this.options.pool.leastLoaded(),
        options,
        events: this.#sessionEvents,
        timing: this.options.timing,
        callsPerSecond: this.options.limits.callsPerSecondPerSession,
        maxSections: this.options.limits.maxSectionsPerSession,
        log: this.options.log,
        fedByAdapter,
        onClosed: (s) => this.#forget(s),
      });
    } catch (error) {
      this.#quotas.sessionEnded(appId);
      throw asSfuError(error);
    }
    this.#sessions.set(session.id, session);
    this.#participants.added(session);
    this.options.lifecycle?.opened(session);
    this.events.publish({
      type: 'sessionCreated',
      appId,
      sessionId: session.id,
      ...(options.room !== undefined ? { room: options.room } : {}),
      ...(options.identity !== undefined ? { identity: options.identity } : {}),
    });
    this.options.log.info('session created', { sessionId: session.id, appId, correlationId: options.correlationId, worker: session.worker.pid, fedByAdapter });
    return session;
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

  /**
   * A session the caller may act on, for an API call of the contract: counted against the
   * session's call rate (else 429), and only once the caller is known to be its owner, so nobody
   * else can spend its budget. An adapter-fed session takes only the calls that need no
   * PeerConnection (`needsPeer: false`: mute, close).
   */
  #sessionForCall(caller: Caller, sessionId: string, { needsPeer = true } = {}): Session {
    const session = this.#session(caller, sessionId);
    assertMayAct(caller, { sessionId, room: session.room, identity: session.identity });
    this.#takeCall(session);
    if (needsPeer && session.fedByAdapter) {
      throw new SfuError('invalid_params', `session ${session.id} is fed by a WebSocket adapter and has no PeerConnection: it publishes only the adapter's track, and ends when the adapter closes`);
    }
    return session;
  }

  #takeCall(session: Session): void {
    const retryAfterMs = session.calls.take();
    if (retryAfterMs !== undefined) {
      const limit = this.options.limits.callsPerSecondPerSession;
      throw new SfuError('too_many_requests', `session ${session.id} made more than ${limit} API calls in a second`, undefined, retryAfterMs);
    }
  }

  /** A live session of the caller's app that it may see; 404 or 410 otherwise (another room's is absent to it). */
  #session(caller: Caller, sessionId: string): Session {
    assertCurrent(caller);
    const app = caller.app;
    const session = this.#sessions.get(sessionId);
    if (session && session.appId === app.id && maySee(caller, session)) return session;
    const closed = this.#closed.get(sessionId);
    if (closed && closed.appId === app.id && maySee(caller, closed)) {
      throw new SfuError('session_error', `session ${sessionId} is closed (${closed.reason})`, 'gone');
    }
    throw new SfuError('not_found', `session ${sessionId} does not exist in app ${app.id}`);
  }

  /** A session's event, then what it means for its participant: joined with its first connected session, left with its last. */
  #sessionEvent(event: NewSfuEvent): void {
    this.events.publish(event);
    if (event.type !== 'sessionJoined' && event.type !== 'sessionLeft') return;
    const session = { id: event.sessionId, appId: event.appId, room: event.room, identity: event.identity };
    const joined = event.type === 'sessionJoined';
    const name = this.#sessions.get(event.sessionId)?.name;
    const participant = joined ? this.#participants.connected(session) : this.#participants.ended(session);
    const { room, identity } = event;
    if (room === undefined || identity === undefined) return;
    const announce = (): void =>
      this.events.publish({
        type: joined ? 'participantJoined' : 'participantLeft',
        appId: event.appId,
        sessionId: event.sessionId,
        room,
        identity,
        ...(name !== undefined ? { name } : {}),
      });
    const presence = this.options.presence;
    if (presence) {
      const member = { id: event.sessionId, appId: event.appId, room, identity };
      if (joined) presence.connected(member, announce);
      else presence.ended(member, announce);
    } else if (participant) {
      announce();
    }
  }

  /** An adapter's event, with the room and identity of its session (live, or recently closed: a source's close ends its adapters after it). */
  #adapterEvent(event: AdapterEvent): void {
    const { room, identity } = this.#sessions.get(event.sessionId) ?? this.#closed.get(event.sessionId) ?? {};
    this.events.publish({ ...event, ...(room !== undefined ? { room } : {}), ...(identity !== undefined ? { identity } : {}) });
  }

  #forget(session: Session): void {
    this.#sessions.delete(session.id);
    this.#quotas.sessionEnded(session.appId);
    const now = Date.now();
    this.#closed.set(session.id, { appId: session.appId, room: session.room, identity: session.identity, closedAt: now, reason: session.closeReason ?? 'closed' });
    this.options.lifecycle?.closed(session, session.closeReason ?? 'closed');
    for (const [id, entry] of this.#closed) {
      if (now - entry.closedAt <= this.options.limits.closedSessionMemoryMs && this.#closed.size <= 100_000) break;
      this.#closed.delete(id);
    }
  }

  /** Before the app's quota is spent: one token's holder cannot take the app's sessions for itself. */
  #checkParticipantSessions({ appId, room, identity }: Participant): void {
    const live = this.#participants.find(appId, room, identity)?.sessionIds.length ?? 0;
    const max = this.options.limits.maxSessionsPerParticipant;
    if (live >= max) {
      throw new SfuError('invalid_params', `participant "${identity}" of room "${room}" already has ${live} live sessions, the most an access token's holder may have: close one or let it time out`);
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
    // Pulls without an offer each add an m-line: refuse before any consumer is made.
    const newLines = remote ? 0 : items.length;
    if (session.sections.openCount + newLines > session.sections.maxSections) {
      throw new SfuError('invalid_params', `session ${session.id} has ${session.sections.openCount} m-sections in use; ${newLines} more would pass its limit of ${session.sections.maxSections}`);
    }
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

  /** A published track of the same app (and, for a token's holder, of its room: others are absent to it), with media, reachable from the subscriber's worker. */
  async #resolvePull(caller: Caller, subscriber: Session, target: PullTarget): Promise<PullClaim> {
    const remote = this.options.remote;
    if (remote && !this.#sessions.has(target.sessionId) && !this.#closed.has(target.sessionId)) {
      const claim = await remote.resolvePull(caller, target, subscriber.worker);
      if (claim) return claim;
    }
    const { publisher, source } = await this.#publishedSource(caller, target);
    await this.options.pool.reach(source.producer, publisher.worker, subscriber.worker);
    return { source, publisherSessionId: publisher.id, ...(target.simulcast !== undefined ? { simulcast: target.simulcast } : {}) };
  }

  /** The caller's view of a published track of this process, once it has media. */
  async #publishedSource(caller: Caller, target: PullTarget): Promise<{ publisher: Session; source: PublishedTrack }> {
    const publisher = this.#sessions.get(target.sessionId);
    const visible = publisher?.appId === caller.app.id && maySee(caller, publisher);
    const source = visible ? publisher.openPublishedTrack(target.trackName) : undefined;
    if (!publisher || !source) {
      throw new SfuError('not_found_track_error', `session ${target.sessionId} publishes no track named "${target.trackName}"`);
    }
    if (!(await source.waitForMedia(this.options.limits.emptyTrackTimeoutMs))) {
      throw new SfuError('empty_track_error', `track "${target.trackName}" of session ${target.sessionId} has sent no media yet`);
    }
    return { publisher, source };
  }
}

/** A room or correlationId is a label: bounded, so no session can carry megabytes into every event. */
function checkLabel(name: string, value: string | undefined, maxLength: number): void {
  if (value !== undefined && value.length > maxLength) {
    throw new SfuError('invalid_params', `${name} may have at most ${maxLength} characters, got ${value.length}`);
  }
}
