import type { MediaKind } from '../../sdp/index.js';

export type LeaveReason = 'closed' | 'failed' | 'timeout' | 'expired' | 'worker_died' | 'shutdown' | 'instance_lost';
export type TrackCloseReason = 'closed' | 'publisher_closed' | 'session_closed' | 'rejected' | 'inactive';
/**
 * Why a WebSocket adapter closed: `closed` by the API, `source_closed` (its source track, that
 * track's session or the media route to it ended), `endpoint_lost` (unreachable for the whole
 * reconnect window), `decoder_exited` (its ffmpeg ended by itself), `shutdown`.
 */
export type AdapterCloseReason = 'closed' | 'source_closed' | 'endpoint_lost' | 'decoder_exited' | 'shutdown';

/**
 * What an adapter event says of its adapter; `sessionId` is its source session (egress) or the
 * session it publishes in (ingest). Never the endpoint: its URL often carries a credential.
 */
interface AdapterFields {
  adapterId: string;
  trackName: string;
  location: 'local' | 'remote';
  codec: 'pcm' | 'jpeg';
}

interface EventBase {
  /** Grows by one with every event of this app: each app has its own count, so none sees another's volume. */
  seq: number;
  at: Date;
  appId: string;
  sessionId: string;
  room?: string;
  /** The participant of the session (its access token's identity), if it has one. */
  identity?: string;
}

export type SfuEvent =
  | (EventBase & { type: 'sessionCreated' })
  | (EventBase & { type: 'sessionJoined' })
  | (EventBase & { type: 'sessionLeft'; reason: LeaveReason })
  | (EventBase & { type: 'trackPublished'; trackName: string; mid: string; kind: MediaKind })
  | (EventBase & {
      type: 'trackClosed';
      trackName: string;
      mid: string;
      location: 'local' | 'remote';
      reason: TrackCloseReason;
    })
  | (EventBase & { type: 'trackInactive'; trackName: string; mid: string })
  | (EventBase & { type: 'trackMuted'; trackName: string; mid: string; muted: boolean })
  /** The participant's first session connected (`sessionId`); it follows that session's sessionJoined. */
  | (EventBase & { type: 'participantJoined'; room: string; identity: string; name?: string })
  /** The participant's last session ended (`sessionId`); it follows that session's sessionLeft. */
  | (EventBase & { type: 'participantLeft'; room: string; identity: string; name?: string })
  /** A WebSocket adapter (adapters/websocket/new) started streaming. */
  | (EventBase & AdapterFields & { type: 'adapterOpened' })
  /** A WebSocket adapter closed; `bytesProcessed` as its close answers (payload bytes sent or received). */
  | (EventBase & AdapterFields & { type: 'adapterClosed'; reason: AdapterCloseReason; bytesProcessed: number });

export type SfuEventType = SfuEvent['type'];

/** Distributive Omit, so each event kind keeps its own fields. */
export type NewSfuEvent = SfuEvent extends infer E ? (E extends SfuEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** An event as a session states it; the session adds its app, id, room and identity. */
export type SessionOwnEvent = Exclude<NewSfuEvent, { type: 'participantJoined' | 'participantLeft' | 'adapterOpened' | 'adapterClosed' }> extends infer E
  ? E extends NewSfuEvent
    ? Omit<E, 'appId' | 'sessionId' | 'room' | 'identity'>
    : never
  : never;

/** Where a session sends its events: the service, which adds the participant events they imply. */
export interface SessionEventSink {
  publish(event: NewSfuEvent): void;
}
