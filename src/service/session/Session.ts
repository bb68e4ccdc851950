import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import type { MediaWorker } from '../../media/MediaWorker.js';
import {
  harmonizeHeaderExtensions,
  writeLocalDescription,
  type LocalSection,
  type LocalTransport,
  type RemoteDescription,
  SdpError,
  type SessionDescription,
} from '../../sdp/index.js';
import { SerialQueue } from '../../util/SerialQueue.js';
import { RateLimiter } from '../../util/RateLimiter.js';
import { SectionList } from './SectionList.js';
import { stoppedSection, trackOfSection, type Section } from './sections.js';
import { SessionDataChannels } from '../dataChannels/SessionDataChannels.js';
import { itemError, SfuError, type ItemError } from '../errors.js';
import type { LeaveReason, SessionEventSink, SessionOwnEvent, TrackCloseReason } from '../events/SfuEventBus.js';
import type { Logger } from '../Logger.js';
import { PublishedTrack, type SessionTrack } from '../tracks/tracks.js';
import type { CreateSessionOptions, SessionState } from '../types.js';

/** Timeouts that decide when a session is given up on. */
export interface SessionTiming {
  /** A session whose PeerConnection never connects is closed after this. `SFU_CONNECT_TIMEOUT_MS`, @default 60000 */
  connectTimeoutMs: number;
  /** A connected session from which nothing (not even STUN or RTCP) arrives is closed after this. `SFU_LIVENESS_TIMEOUT_MS`, @default 15000 */
  livenessTimeoutMs: number;
  /** A published track that receives no media this long becomes inactive (trackInactive, then closed; its pulls end). `SFU_TRACK_INACTIVE_MS`, @default 30000 */
  trackInactiveMs: number;
}

/** What a session is made of; `create` opens its transport on `worker`. */
export interface SessionArgs {
  appId: string;
  worker: MediaWorker;
  options: CreateSessionOptions;
  events: SessionEventSink;
  timing: SessionTiming;
  /** The contract's per-session API call rate. */
  callsPerSecond: number;
  /** How many m-lines the session's PeerConnection may have. */
  maxSections: number;
  log: Logger;
  /**
   * The session's media comes from a WebSocket adapter (PCM ingest), not a PeerConnection: it
   * never negotiates, so no connect deadline or liveness check applies (the adapter's socket is
   * its liveness); it joins when the adapter publishes its track.
   */
  fedByAdapter?: boolean;
  /** Called once when the session has closed (the service forgets it). */
  onClosed: (session: Session) => void;
}

type DtlsRole = 'client' | 'server';

/**
 * One session: one WebRtcTransport (the client's single PeerConnection) with its ordered
 * m-sections (a SectionList), published and pulled tracks, and lifecycle. Negotiation logic
 * lives in `../negotiation/`; this class owns the state and every resource, and closes them.
 */
export class Session {
  readonly id = randomBytes(16).toString('hex');
  readonly createdAt = new Date();
  readonly queue = new SerialQueue();
  /** Counts the API calls made on this session (the contract allows 50 a second). */
  readonly calls: RateLimiter;
  /** The m-sections in m-line order, and the pending SFU offer: changed only through the list's methods. */
  readonly sections: SectionList;
  /** Every track the session ever had, closed ones included (GET session shows them inactive). */
  readonly tracks: SessionTrack[] = [];
  /** Published and pulled DataChannels on the transport's SCTP association. */
  readonly dataChannels: SessionDataChannels;
  #version = 0;
  #nextMid = 0;
  #dtlsRole: DtlsRole | undefined;
  #remoteIceUfrag: string | undefined;
  #joined = false;
  #joinedAt: Date | undefined;
  #closed = false;
  #closeReason: LeaveReason | undefined;
  #timers: NodeJS.Timeout[] = [];
  #lastBytesReceived = -1;
  #lastActivityAt = Date.now();

  readonly appId: string;
  readonly worker: MediaWorker;
  readonly transport: types.WebRtcTransport;
  readonly options: CreateSessionOptions;
  readonly fedByAdapter: boolean;
  readonly #events: SessionEventSink;
  readonly #timing: SessionTiming;
  readonly #log: Logger;
  readonly #onClosed: (session: Session) => void;

  private constructor(args: SessionArgs, transport: types.WebRtcTransport) {
    this.appId = args.appId;
    this.worker = args.worker;
    this.transport = transport;
    this.options = args.options;
    this.fedByAdapter = args.fedByAdapter === true;
    this.#events = args.events;
    this.#timing = args.timing;
    this.#log = args.log;
    this.#onClosed = args.onClosed;
    this.calls = new RateLimiter(args.callsPerSecond);
    this.sections = new SectionList(args.maxSections);
    // RFC 8832: the DTLS server's channels take odd stream ids, the client's even ones.
    this.dataChannels = new SessionDataChannels(transport, args.worker.router, this.id, () => (this.#dtlsRole === 'client' ? 0 : 1));
  }

  /** Opens the session's transport on its worker, then watches it (connect deadline, liveness). */
  static async create(args: SessionArgs): Promise<Session> {
    // An adapter-fed session has an (idle) WebRtcTransport too, so every session has the same
    // shape; the service refuses it the calls that would negotiate one.
    const transport = await args.worker.createTransport({ appId: args.appId });
    const session = new Session(args, transport);
    if (session.fedByAdapter) session.#watchClose();
    else session.#watchTransport();
    return session;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get closeReason(): LeaveReason | undefined {
    return this.#closeReason;
  }

  get connected(): boolean {
    if (this.fedByAdapter) return this.#joined && !this.#closed;
    return this.transport.dtlsState === 'connected';
  }

  get room(): string | undefined {
    return this.options.room;
  }

  get identity(): string | undefined {
    return this.options.identity;
  }

  get name(): string | undefined {
    return this.options.name;
  }

  get metadata(): unknown {
    return this.options.metadata;
  }

  /** A batch item's error for the client; an unexpected one is logged once, with this session and the item's mid. */
  itemError(error: unknown, mid?: string): ItemError {
    return itemError(error, (unexpected) =>
      this.#log.error('track operation failed', { sessionId: this.id, appId: this.appId, mid, error: (unexpected as Error)?.stack ?? String(unexpected) }),
    );
  }

  /** Throws the contract's 410 when the session is gone. */
  assertOpen(): void {
    if (this.#closed) {
      throw new SfuError('session_error', `session ${this.id} is closed (${this.#closeReason})`, 'gone');
    }
  }

  /**
   * Waits up to `timeoutMs` for the PeerConnection to connect when it has negotiated but is not
   * connected yet (the contract's 425); a session that never negotiated has nothing to wait for.
   */
  async waitForTransport(timeoutMs: number): Promise<void> {
    if (this.connected || this.#dtlsRole === undefined) return;
    const connected = await new Promise<boolean>((resolve) => {
      const onState = (state: string): void => {
        if (state === 'connected') done(true);
        else if (state === 'failed' || state === 'closed') done(false);
      };
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.transport.off('dtlsstatechange', onState);
        resolve(result);
      };
      const timer = setTimeout(() => done(this.connected), timeoutMs);
      this.transport.on('dtlsstatechange', onState);
    });
    this.assertOpen();
    if (!connected) {
      throw new SfuError('session_error', `session ${this.id} has not connected its PeerConnection after ${timeoutMs} ms`, 'not_connected');
    }
  }

  /** A mid no section has used, numbered after every mid seen so far. */
  allocateMid(): string {
    return String(this.#nextMid++);
  }

  noteMid(mid: string): void {
    if (/^\d+$/.test(mid)) this.#nextMid = Math.max(this.#nextMid, Number(mid) + 1);
  }

  openPublishedTrack(trackName: string): PublishedTrack | undefined {
    return this.tracks.find(
      (t): t is PublishedTrack => t instanceof PublishedTrack && t.trackName === trackName && !t.closed,
    );
  }

  /** Learns the client's ICE and DTLS details; connects the transport on the first description. */
  async applyRemoteTransport(remote: RemoteDescription): Promise<void> {
    if (remote.iceLite) {
      throw new SdpError('the SDP is from an ICE-lite agent; this SFU is ICE-lite too and cannot connect to it (use a full ICE client)');
    }
    for (const s of remote.sections) this.noteMid(s.mid);
    if (this.#dtlsRole === undefined) {
      // Our role is the opposite of the client's: its "active" (or "actpass" in an offer) makes us server.
      const remoteRole: DtlsRole = remote.dtls.setup === 'passive' ? 'server' : 'client';
      await this.transport.connect({ dtlsParameters: { role: remoteRole, fingerprints: remote.dtls.fingerprints } });
      this.#dtlsRole = remoteRole === 'client' ? 'server' : 'client';
    } else if (this.#remoteIceUfrag !== undefined && remote.iceUfrag !== this.#remoteIceUfrag) {
      // The client restarted ICE: give it fresh credentials in our answer.
      await this.transport.restartIce();
    }
    this.#remoteIceUfrag = remote.iceUfrag;
  }

  /** Writes an SFU offer of every section; the session then waits for the client's answer. */
  offer(): SessionDescription {
    this.sections.offered();
    return this.describe('offer');
  }

  /** Writes the SFU's description of every section, in m-line order. */
  describe(type: 'offer' | 'answer', sections: LocalSection[] = this.sections.describe()): SessionDescription {
    const setup = this.#dtlsRole === undefined ? (type === 'offer' ? 'actpass' : 'passive') : this.#dtlsRole === 'server' ? 'passive' : 'active';
    const transport: LocalTransport = {
      iceParameters: this.transport.iceParameters,
      iceCandidates: this.transport.iceCandidates,
      fingerprints: this.transport.dtlsParameters.fingerprints,
      setup,
    };
    const sdp = writeLocalDescription({
      sessionVersionId: sessionVersionId(this.id),
      version: ++this.#version,
      transport,
      sections: harmonizeHeaderExtensions(sections),
    });
    return { type, sdp };
  }

  /**
   * Publishes an adapter's producer (on its own transport) as this adapter-fed session's track;
   * the session joins with it, as a PeerConnection's session joins when DTLS connects.
   */
  publishFed(trackName: string, producer: types.Producer): PublishedTrack {
    const track = new PublishedTrack(trackName, this.allocateMid(), producer.kind, producer, []);
    this.addTrack(track);
    this.#join();
    return track;
  }

  addTrack(track: SessionTrack): void {
    this.tracks.push(track);
    if (track instanceof PublishedTrack) {
      this.#publish({ type: 'trackPublished', trackName: track.trackName, mid: track.mid, kind: track.kind });
      track.producer.observer.once('close', () => this.#trackEnded(track, 'closed'));
    } else {
      track.consumer.once('producerclose', () => this.#trackEnded(track, 'publisher_closed'));
      track.consumer.observer.once('close', () => this.#trackEnded(track, 'closed'));
    }
  }

  /**
   * tracks/close of the section with this mid: what it carries ends; it stays in place, described
   * as inactive until the client's next offer stops it. An idle or data section stops at once.
   */
  closeSection(section: Section): void {
    if (section.role !== 'publish' && section.role !== 'pull') {
      this.sections.replace(section.mid, this.stopSection(section));
      return;
    }
    this.#closeTracksOf(section);
  }

  /** The client stopped the section (port 0): its tracks end; returns its stopped form to put in its place. */
  stopSection(section: Section): Section {
    this.#closeTracksOf(section);
    return stoppedSection(section);
  }

  /** A bidirectional transceiver stops in both directions. */
  #closeTracksOf(section: Section): void {
    const track = trackOfSection(section);
    if (track) this.closeTrack(track, 'closed');
    if (section.role === 'publish' && section.bidirectional?.pull) this.closeTrack(section.bidirectional.pull, 'closed');
  }

  /** Mutes or unmutes a published track, announcing it when that changed it. */
  async setTrackMuted(track: PublishedTrack, muted: boolean): Promise<void> {
    if (track.closed || track.muted === muted) return;
    await track.setMuted(muted);
    this.#publish({ type: 'trackMuted', trackName: track.trackName, mid: track.mid, muted });
  }

  /** Closes one track; its section stays (the m-line order never changes) and is described as stopped. */
  closeTrack(track: SessionTrack, reason: TrackCloseReason): void {
    if (track.closed) return;
    this.#closeReasons.set(track, reason);
    track.close();
  }

  state(): SessionState {
    return {
      sessionId: this.id,
      appId: this.appId,
      ...(this.options.room !== undefined ? { room: this.options.room } : {}),
      ...(this.options.identity !== undefined ? { identity: this.options.identity } : {}),
      ...(this.options.name !== undefined ? { name: this.options.name } : {}),
      ...(this.options.metadata !== undefined ? { metadata: this.options.metadata } : {}),
      ...(this.options.correlationId !== undefined ? { correlationId: this.options.correlationId } : {}),
      connectionState: this.#closed ? 'closed' : this.connected ? 'connected' : this.#joined ? 'disconnected' : 'new',
      createdAt: this.createdAt,
      ...(this.#joinedAt ? { joinedAt: this.#joinedAt } : {}),
      tracks: this.tracks.map((t) => t.state()),
      dataChannels: this.dataChannels.state(),
    };
  }

  /** Closes the transport and with it every producer and consumer; safe to call twice. */
  close(reason: LeaveReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeReason = reason;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    for (const track of this.tracks) {
      if (!track.closed) this.#closeReasons.set(track, 'session_closed');
    }
    this.dataChannels.close();
    this.transport.close();
    // Tracks on other transports (an adapter's feed) do not close with this one.
    for (const track of this.tracks) track.close();
    this.#log.info('session closed', { sessionId: this.id, appId: this.appId, reason });
    this.#publish({ type: 'sessionLeft', reason });
    this.#onClosed(this);
  }

  readonly #closeReasons = new Map<SessionTrack, TrackCloseReason>();
  readonly #ended = new Set<SessionTrack>();

  #trackEnded(track: SessionTrack, fallback: TrackCloseReason): void {
    if (this.#ended.has(track)) return;
    this.#ended.add(track);
    const reason = this.#closeReasons.get(track) ?? fallback;
    this.#publish({ type: 'trackClosed', trackName: track.trackName, mid: track.mid, location: track.location, reason });
  }

  #publish(event: SessionOwnEvent): void {
    this.#events.publish({
      ...event,
      appId: this.appId,
      sessionId: this.id,
      ...(this.room !== undefined ? { room: this.room } : {}),
      ...(this.identity !== undefined ? { identity: this.identity } : {}),
    });
  }

  #join(): void {
    if (this.#joined) return;
    this.#joined = true;
    this.#joinedAt = new Date();
    this.#lastActivityAt = Date.now();
    this.#publish({ type: 'sessionJoined' });
  }

  /** Worker death or router close takes the transport down under us. */
  #watchClose(): void {
    this.transport.observer.once('close', () => this.close(this.worker.closed ? 'worker_died' : 'closed'));
  }

  #watchTransport(): void {
    this.transport.on('dtlsstatechange', (state) => {
      if (state === 'connected') this.#join();
      else if (state === 'closed') this.close('closed');
      else if (state === 'failed') this.close('failed');
    });
    this.#watchClose();
    const connectDeadline = setTimeout(() => {
      if (!this.#joined) this.close('expired');
    }, this.#timing.connectTimeoutMs);
    const liveness = setInterval(() => void this.#checkLiveness(), Math.min(2000, this.#timing.livenessTimeoutMs / 2));
    connectDeadline.unref();
    liveness.unref();
    this.#timers.push(connectDeadline, liveness);
  }

  /**
   * mediasoup 3.12's ICE-lite server never notices a peer that vanished, so watch the bytes it
   * receives: a live peer sends STUN consent checks and RTCP every few seconds even when silent.
   */
  async #checkLiveness(): Promise<void> {
    if (!this.#joined || this.#closed) return;
    let bytes: number;
    try {
      const [stats] = await this.transport.getStats();
      bytes = stats?.bytesReceived ?? 0;
    } catch {
      return;
    }
    const now = Date.now();
    if (bytes !== this.#lastBytesReceived) {
      this.#lastBytesReceived = bytes;
      this.#lastActivityAt = now;
    } else if (now - this.#lastActivityAt > this.#timing.livenessTimeoutMs) {
      this.close('timeout');
      return;
    }
    for (const track of this.tracks) {
      if (track instanceof PublishedTrack && (await track.becameQuiet(this.#timing.trackInactiveMs, now)) && !this.#closed) {
        // As the hosted service garbage-collects a silent track: it goes inactive and its pulls end.
        this.#publish({ type: 'trackInactive', trackName: track.trackName, mid: track.mid });
        this.closeTrack(track, 'inactive');
      }
    }
  }
}

/** A numeric o= session id derived from the session id (SDP wants digits). */
function sessionVersionId(id: string): string {
  return BigInt(`0x${id.slice(0, 15)}`).toString();
}
