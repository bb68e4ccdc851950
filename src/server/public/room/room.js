// @ts-check
import { Call } from './call.js';
import { ApiError } from './graphql.js';

/** Codes that say the session (or the server's memory of events) is gone: join again. */
const rejoinCodes = new Set(['not_found', 'session_error', 'invalid_params']);
const backoffMs = (attempt) => Math.min(500 * 2 ** attempt, 5_000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class SessionLost extends Error {
  code = 'session_lost';
}

/**
 * @typedef {{ kind: string, muted: boolean, pulled: boolean }} RemoteTrack
 * @typedef {{ identity?: string, name: string, tracks: Map<string, RemoteTrack> }} RemoteSession
 * @typedef {{ state: 'joining' | 'connected' | 'reconnecting' | 'left' | 'failed', text: string }} Status
 */

/**
 * Being in a room: one session at a time publishing the local media, the others' tracks pulled
 * onto tiles, presence and mute state from the room's events. When the event stream drops it
 * resubscribes from the last seq; when the session is gone (server restart, PeerConnection
 * failed) it joins again with a new one, publishing the same tracks with the same mute state.
 */
export class RoomSession {
  /** @type {Call | undefined} */
  call;
  /** @type {Map<string, RemoteSession>} */
  remote = new Map();
  lastSeq = 0;
  left = false;
  /** Every session this page made: an earlier one may outlive a network drop for a while. */
  ownSessions = new Set();
  /** @type {Map<string, import('./tiles.js').Tile>} "video" and "screen" */
  localTiles = new Map();
  /** @type {AbortController | undefined} */
  #following;
  #lost = false;

  /**
   * @param {{
   *   api: import('./graphql.js').GraphQLClient,
   *   claims: import('./token.js').TokenClaims,
   *   grid: import('./tiles.js').TileGrid,
   *   local: { stream: MediaStream, audioMuted: boolean, videoMuted: boolean, screen?: MediaStreamTrack },
   *   onStatus: (status: Status) => void,
   *   onNotice: (text: string) => void,
   *   onFatal: (error: Error) => void,
   * }} options
   */
  constructor(options) {
    this.api = options.api;
    this.claims = options.claims;
    this.grid = options.grid;
    this.local = options.local;
    this.onStatus = options.onStatus;
    this.onNotice = options.onNotice;
    this.onFatal = options.onFatal;
    this.me = this.claims.name ?? this.claims.identity;
    this.#localTile('video');
  }

  /** @param {'video' | 'screen'} track */
  #localTile(track) {
    const session = this.call?.sessionId ?? 'me';
    let tile = this.localTiles.get(track);
    if (!tile) {
      tile = this.grid.tile(session, track, { name: track === 'screen' ? `${this.me} (screen)` : `${this.me} (you)`, local: true });
      this.localTiles.set(track, tile);
      if (track === 'video') {
        tile.setVideo(this.local.stream.getVideoTracks()[0]);
        tile.setMuted('audio', this.local.audioMuted || this.local.stream.getAudioTracks().length === 0);
        tile.setMuted('video', this.local.videoMuted || this.local.stream.getVideoTracks().length === 0);
      } else {
        tile.setVideo(this.local.screen);
      }
    } else if (tile.session !== session) {
      this.grid.rekey(tile, session);
    }
    return tile;
  }

  /** Joins, then keeps following the room (and rejoining) until `leave()`. */
  async run() {
    let attempt = 0;
    let mustJoin = true;
    while (!this.left) {
      try {
        if (mustJoin) {
          this.onStatus({ state: attempt ? 'reconnecting' : 'joining', text: attempt ? 'Reconnecting…' : 'Joining…' });
          await this.#join();
          mustJoin = false;
        }
        await this.#follow(() => (attempt = 0));
      } catch (error) {
        if (this.left) return;
        if (error instanceof ApiError && error.code === 'unauthorized') {
          this.onFatal(error);
          await this.leave();
          return;
        }
        if (error instanceof SessionLost || (error instanceof ApiError && rejoinCodes.has(error.code))) mustJoin = true;
        console.warn('room:', error instanceof Error ? error.message : error);
      }
      if (this.left) return;
      this.onStatus({ state: 'reconnecting', text: 'Reconnecting…' });
      await sleep(backoffMs(attempt++));
      if (!mustJoin) mustJoin = !(await this.#sessionAlive());
    }
  }

  /** Whether the SFU still has this session; a server that cannot be reached counts as yes for now. */
  async #sessionAlive() {
    if (!this.call || this.#lost) return false;
    try {
      const session = await this.api.run('Session', { sessionId: this.call.sessionId });
      return session.connectionState !== 'closed';
    } catch (error) {
      return !(error instanceof ApiError && rejoinCodes.has(error.code));
    }
  }

  /** A new session: publish, read the room, pull what is there. */
  async #join() {
    await this.#dropCall();
    this.#lost = false;
    const call = await Call.create(this.api);
    this.call = call;
    call.ontrack = (track, key, receiver) => this.#attach(track, key, receiver);
    call.onfailed = () => this.#loseSession();

    this.ownSessions.add(call.sessionId);
    const camera = this.#localTile('video');
    if (this.local.screen) this.#localTile('screen');

    const tracks = [
      ...this.local.stream.getAudioTracks().map((track) => ({ name: 'audio', track })),
      ...this.local.stream.getVideoTracks().map((track) => ({ name: 'video', track })),
      ...(this.local.screen ? [{ name: 'screen', track: this.local.screen }] : []),
    ];
    if (tracks.length && this.claims.grants.canPublish) {
      await call.publish(tracks);
      const muted = [
        { name: 'audio', muted: this.local.audioMuted },
        { name: 'video', muted: this.local.videoMuted },
      ].filter((t) => t.muted);
      if (muted.length) await call.mute(muted);
      const audio = call.senderOf('audio');
      if (camera && audio) camera.level = () => senderLevel(audio);
    }

    const room = await this.api.run('Room', { name: this.claims.room });
    this.grid.clearRemote();
    this.remote.clear();
    for (const participant of room.participants) {
      for (const session of participant.sessions) this.#session(session.sessionId, participant);
      for (const track of participant.tracks) {
        if (track.status === 'inactive') continue;
        this.#published(track.sessionId, participant, track.trackName, track.kind, track.muted);
      }
    }
    this.lastSeq = room.seq;
  }

  /**
   * Follows the room's events from `lastSeq` until the stream ends.
   * @param {() => void} onOpen
   */
  async #follow(onOpen) {
    const following = new AbortController();
    this.#following = following;
    const events = this.api.subscribe('RoomEvents', { room: this.claims.room, since: this.lastSeq }, following.signal);
    this.onStatus({ state: 'connected', text: 'Connected' });
    onOpen();
    try {
      for await (const event of events) {
        this.lastSeq = event.seq;
        this.#handle(event);
        if (this.#lost) break;
      }
    } finally {
      following.abort();
    }
    if (this.#lost) throw new SessionLost('the session was lost');
  }

  #loseSession() {
    this.#lost = true;
    this.#following?.abort();
  }

  /** @param {any} event */
  #handle(event) {
    if (this.ownSessions.has(event.sessionId)) {
      if (event.sessionId === this.call?.sessionId && event.__typename === 'SessionLeft') this.#loseSession();
      return;
    }
    const participant = event.participant ?? { identity: event.identity };
    switch (event.__typename) {
      case 'ParticipantJoined':
        if (event.identity !== this.claims.identity) this.onNotice(`${event.name ?? event.identity} joined`);
        break;
      case 'ParticipantLeft':
        if (event.identity !== this.claims.identity) this.onNotice(`${event.name ?? event.identity} left`);
        break;
      case 'SessionJoined':
        if (event.identity) this.#session(event.sessionId, participant);
        break;
      case 'SessionLeft':
        this.remote.delete(event.sessionId);
        this.grid.remove(event.sessionId);
        break;
      case 'TrackPublished':
        this.#published(event.sessionId, participant, event.trackName, event.kind, false);
        break;
      case 'TrackClosed':
        if (event.location === 'local') this.#unpublished(event.sessionId, event.trackName);
        break;
      case 'TrackInactive':
        this.#unpublished(event.sessionId, event.trackName);
        break;
      case 'TrackMuted': {
        const track = this.remote.get(event.sessionId)?.tracks.get(event.trackName);
        if (!track) break;
        track.muted = event.muted;
        if (event.trackName !== 'screen') this.grid.get(event.sessionId, 'video')?.setMuted(track.kind === 'audio' ? 'audio' : 'video', event.muted);
        break;
      }
    }
  }

  /**
   * A session of another participant, with its camera tile.
   * @param {string} sessionId
   * @param {{ identity?: string, name?: string | null }} participant
   */
  #session(sessionId, participant) {
    if (this.ownSessions.has(sessionId)) return undefined;
    let session = this.remote.get(sessionId);
    if (!session) {
      session = { identity: participant.identity, name: participant.name ?? participant.identity ?? sessionId.slice(0, 8), tracks: new Map() };
      this.remote.set(sessionId, session);
    }
    this.grid.tile(sessionId, 'video', { name: session.name });
    return session;
  }

  /**
   * @param {string} sessionId @param {{ identity?: string, name?: string | null }} participant
   * @param {string} trackName @param {string} kind @param {boolean} muted
   */
  #published(sessionId, participant, trackName, kind, muted) {
    const session = this.#session(sessionId, participant);
    if (!session || session.tracks.has(trackName)) return;
    session.tracks.set(trackName, { kind, muted, pulled: false });
    if (trackName === 'screen') this.grid.tile(sessionId, 'screen', { name: `${session.name} (screen)` });
    else this.grid.get(sessionId, 'video')?.setMuted(kind === 'audio' ? 'audio' : 'video', muted);
    if (this.claims.grants.canSubscribe) this.#pull(sessionId, trackName, 0);
  }

  /** @param {string} sessionId @param {string} trackName @param {number} attempt */
  async #pull(sessionId, trackName, attempt) {
    const call = this.call;
    if (!call || !this.remote.get(sessionId)?.tracks.has(trackName)) return;
    try {
      const [refused] = await call.pull(sessionId, [trackName]);
      if (!refused) return;
      // The publisher's first packets may not have reached the SFU yet.
      if (refused.code === 'empty_track_error' && attempt < 20 && call === this.call) {
        setTimeout(() => this.#pull(sessionId, trackName, attempt + 1), 500);
      } else {
        console.warn(`could not pull ${trackName} of ${sessionId}: ${refused.code} ${refused.message}`);
      }
    } catch (error) {
      console.warn(`pulling ${trackName} of ${sessionId}:`, error instanceof Error ? error.message : error);
    }
  }

  /** @param {string} sessionId @param {string} trackName */
  #unpublished(sessionId, trackName) {
    const session = this.remote.get(sessionId);
    if (!session?.tracks.delete(trackName)) return;
    this.call?.forgetPull(`${sessionId}/${trackName}`);
    if (trackName === 'screen') return this.grid.remove(sessionId, 'screen');
    const tile = this.grid.get(sessionId, 'video');
    if (trackName === 'audio') tile?.setAudio(undefined);
    else tile?.setVideo(undefined);
  }

  /** @param {MediaStreamTrack} track @param {string} key @param {RTCRtpReceiver} receiver */
  #attach(track, key, receiver) {
    const [sessionId, trackName] = /** @type {[string, string]} */ (key.split('/'));
    const session = this.remote.get(sessionId);
    if (!session) return;
    const tile = trackName === 'screen' ? this.grid.get(sessionId, 'screen') : this.grid.get(sessionId, 'video');
    if (!tile) return;
    if (track.kind === 'audio') {
      tile.setAudio(track);
      tile.level = () => receiverLevel(receiver);
    } else {
      tile.setVideo(track);
    }
  }

  /** Mutes or unmutes the microphone or camera, here and for everyone. @param {'audio' | 'video'} kind @param {boolean} muted */
  async setMuted(kind, muted) {
    this.local[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
    const track = kind === 'audio' ? this.local.stream.getAudioTracks()[0] : this.local.stream.getVideoTracks()[0];
    if (track) track.enabled = !muted;
    this.localTiles.get('video')?.setMuted(kind, muted);
    if (this.call?.midOf(kind)) await this.call.mute([{ name: kind, muted }]);
  }

  /** Publishes a shared screen (or stops it). @param {MediaStreamTrack | undefined} track */
  async setScreen(track) {
    const previous = this.local.screen;
    this.local.screen = track;
    if (previous) {
      const tile = this.localTiles.get('screen');
      if (tile) this.grid.remove(tile.session, 'screen');
      this.localTiles.delete('screen');
      if (this.call?.midOf('screen')) await this.call.unpublish('screen');
      previous.stop();
    }
    if (track) {
      this.#localTile('screen');
      if (this.call) await this.call.publish([{ name: 'screen', track }]);
    }
  }

  /** Closes the session but keeps the local media (for a rejoin). */
  async #dropCall() {
    const call = this.call;
    this.call = undefined;
    if (!call) return;
    // The old session may still exist (a network drop, not a restart): end it so the room does
    // not see this participant twice. Bounded: the server may not be there.
    await Promise.race([call.close(), sleep(2_000)]);
  }

  /** Leaves the room: ends the session (everyone sees it go now). */
  async leave() {
    if (this.left) return;
    this.left = true;
    this.#following?.abort();
    await this.#dropCall();
    this.grid.clear();
    this.localTiles.clear();
    this.onStatus({ state: 'left', text: 'You left the room' });
  }

  /** For pagehide: no time for requests, just the DTLS close. */
  closeNow() {
    this.left = true;
    this.call?.pc.close();
  }
}

/** The local microphone's level from the sender's media-source stats. @param {RTCRtpSender} sender */
async function senderLevel(sender) {
  const stats = await sender.getStats();
  for (const report of stats.values()) if (report.type === 'media-source' && report.kind === 'audio') return report.audioLevel;
  return undefined;
}

/**
 * A pulled track's level from the decoded audio (inbound-rtp stats). The SSRC's audioLevel
 * (getSynchronizationSources) would be cheaper, but it comes from the ssrc-audio-level RTP header
 * extension, which the SFU does not negotiate: it stays at the floor.
 * @param {RTCRtpReceiver} receiver
 */
async function receiverLevel(receiver) {
  const stats = await receiver.getStats();
  for (const report of stats.values()) if (report.type === 'inbound-rtp' && report.kind === 'audio') return report.audioLevel;
  return receiver.getSynchronizationSources()[0]?.audioLevel;
}
