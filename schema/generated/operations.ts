/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/**
 * Why a WebSocket adapter closed:
 * `closed`: closeWebSocketAdapters (or adapters/websocket/close) closed it;
 * `source_closed`: its source track, that track's session, or the media route to it ended;
 * `endpoint_lost`: the endpoint stayed unreachable for the whole reconnect window (5 s);
 * `decoder_exited`: its media decoder (ffmpeg) ended by itself;
 * `shutdown`: the server is stopping.
 */
export type AdapterCloseReason =
  | 'closed'
  | 'decoder_exited'
  | 'endpoint_lost'
  | 'shutdown'
  | 'source_closed';

/**
 * What a WebSocket adapter exchanges with its endpoint, as REST's `outputCodec` / `inputCodec`:
 * `pcm`: signed 16-bit little-endian, 48 kHz, stereo audio (an Opus track decoded, or ingested);
 * `jpeg`: one JPEG image per message, from a video track (egress only).
 */
export type AdapterCodec =
  | 'jpeg'
  | 'pcm';

/** What an ingest adapter (`location: local`) reads from its endpoint: `pcm` only, as the contract. */
export type AdapterInputCodec =
  | 'pcm';

export type AddDataChannelsInput = {
  /** At most 64; local and remote may be mixed. */
  dataChannels: Array<DataChannelInput>;
};

export type AddTracksInput = {
  /** Every new sending m-line of the offer that no track names becomes a local track, named after its MediaStreamTrack id (else `track-<mid>`); each is reported after the requested tracks. */
  autoDiscover?: boolean | null | undefined;
  /** The client's offer carrying the tracks (publish, or WHEP-style pull). */
  sessionDescription?: SessionDescriptionInput | null | undefined;
  /** At most 64. */
  tracks?: Array<TrackInput> | null | undefined;
};

export type CloseDataChannelsInput = {
  /** Stream ids (in this session) of the channels to close. At most 64. */
  ids: Array<number>;
};

export type CloseTracksInput = {
  /** Close without renegotiating (no SDP). Default false. */
  force?: boolean | null | undefined;
  /** The mids (in this session) of the tracks to close. */
  mids: Array<string>;
  /** force=false: the client stopped the transceivers and sends its new offer; the SFU answers. */
  sessionDescription?: SessionDescriptionInput | null | undefined;
};

/** The session's PeerConnection as the SFU sees it. */
export type ConnectionState =
  | 'closed'
  | 'connected'
  | 'disconnected'
  | 'new';

export type CreateAccessTokenInput = {
  grants?: GrantsInput | null | undefined;
  /** The participant (the JWT `sub`, 1 to 128 characters). */
  identity: string;
  /** Free-form participant data shown to the room (bounded as session metadata). */
  metadata?: unknown;
  /** Display name shown to the room. */
  name?: string | null | undefined;
  /** The one room the holder may join (1 to 128 characters). */
  room: string;
  /** How long the token is valid: 1 to 86400 seconds. Default 3600. */
  ttlSeconds?: number | null | undefined;
};

export type CreateSessionInput = {
  /** A diagnostic label, not an idempotency key. */
  correlationId?: string | null | undefined;
  /** The participant the session belongs to (with the secret only: a token's holder is its token's identity). */
  identity?: string | null | undefined;
  /** Free-form participant data shown to other members of the room (with the secret only). */
  metadata?: unknown;
  /** The participant's display name (with the secret only). */
  name?: string | null | undefined;
  /** A room label: the app's grouping for presence events and access tokens. An access token's holder may leave it out (its token names it). */
  room?: string | null | undefined;
  /** An offer to answer at once (optional, as REST). */
  sessionDescription?: SessionDescriptionInput | null | undefined;
  /** The peer is ICE-lite, e.g. another SFU. */
  thirdparty?: boolean | null | undefined;
};

/** One DataChannel of addDataChannels (or establishDataChannels), as REST's DataChannelObject. */
export type DataChannelInput = {
  /** Remote only: this subscriber may send back to the publisher (one holder per publication). Default false. */
  canReply?: boolean | null | undefined;
  /** The name to publish under (local) or to pull (remote). `server-events` is reserved. */
  dataChannelName?: string | null | undefined;
  /** `local` publishes, `remote` pulls. */
  location: TrackLocation;
  /** In milliseconds. */
  maxPacketLifeTime?: unknown;
  /** At most one of maxRetransmits and maxPacketLifeTime; a limit above 0 needs ordered: false. */
  maxRetransmits?: unknown;
  /** Default true. A subscriber mirrors the publication's ordered, maxRetransmits and maxPacketLifeTime. */
  ordered?: boolean | null | undefined;
  /** The publisher's session (remote only). */
  sessionId?: string | null | undefined;
  /** Remote only: deliver nothing until the subscriber's first message (which is consumed). Default false. */
  waitForAck?: boolean | null | undefined;
};

/** One pulled DataChannel of updateDataChannels: only canReply can change. */
export type DataChannelUpdateInput = {
  /** Grant (taking it from the previous holder) or revoke replying to the publisher. */
  canReply?: boolean | null | undefined;
  dataChannelName?: string | null | undefined;
  /** Must be `remote`. */
  location: TrackLocation;
  /** The publisher's session. */
  sessionId?: string | null | undefined;
};

/** The contract's error codes, the same as REST's `errorCode` (the WebSocket adapter's own codes among them). */
export type ErrorCode =
  | 'adapter_not_found'
  | 'backend_error'
  | 'close_track_error'
  | 'decoding_error'
  | 'empty_track_error'
  | 'internal_error'
  | 'invalid_params'
  | 'invalid_session_description'
  | 'not_found'
  | 'not_found_track_error'
  | 'payload_too_large'
  | 'repeated_local_track_error'
  | 'retryable_transient_error'
  | 'session_error'
  | 'temporarily_unavailable_error'
  | 'too_many_requests'
  | 'transport_unavailable_error'
  | 'unauthorized'
  | 'update_track_error'
  | 'websocket_connection_timeout'
  | 'websocket_handshake_failed'
  | 'websocket_localhost_not_allowed';

export type EstablishDataChannelsInput = {
  /** Only `{ location: remote, dataChannelName: "server-events" }` (the default); anything else fails with invalid_params. */
  dataChannel?: DataChannelInput | null | undefined;
  /** The client's offer, carrying an m=application section; without one the SFU offers the section itself. */
  sessionDescription?: SessionDescriptionInput | null | undefined;
};

/** What the holder may do besides acting on its own sessions. Each defaults to true. */
export type GrantsInput = {
  /** Publish audio and video tracks. */
  canPublish?: boolean | null | undefined;
  /** Publish DataChannels. */
  canPublishData?: boolean | null | undefined;
  /** Pull tracks and DataChannels of its room's sessions. */
  canSubscribe?: boolean | null | undefined;
};

/**
 * Why a session left:
 * `closed`: the client closed its PeerConnection (DTLS close);
 * `failed`: DTLS failed;
 * `timeout`: nothing arrived from the peer for the liveness timeout (peer gone without closing);
 * `expired`: the PeerConnection never connected;
 * `worker_died`: the media worker serving it died;
 * `shutdown`: the server is stopping;
 * `instance_lost`: the cluster instance serving it stopped answering (its heartbeat expired).
 */
export type LeaveReason =
  | 'closed'
  | 'expired'
  | 'failed'
  | 'instance_lost'
  | 'shutdown'
  | 'timeout'
  | 'worker_died';

export type MediaKind =
  | 'audio'
  | 'video';

export type MuteTrackInput = {
  /** The published track's mid in this session. */
  mid: string;
  muted: boolean;
};

/** RTCSessionDescription.type */
export type SdpType =
  | 'answer'
  | 'offer';

/** The client's offer or answer (pc.localDescription). */
export type SessionDescriptionInput = {
  sdp: string;
  type: SdpType;
};

export type SimulcastInput = {
  /** RID of the layer to receive; "" means no preference (pick by bandwidth). */
  preferredRid?: string | null | undefined;
  /** How to order layers when choosing one. */
  priorityOrdering?: SimulcastOrdering | null | undefined;
  /** What to do when the preferred layer is not being sent. */
  ridNotAvailable?: SimulcastOrdering | null | undefined;
};

export type SimulcastOrdering =
  | 'asciibetical'
  | 'none';

/**
 * Why a track closed:
 * `closed`: closeTracks (or tracks/close) closed it;
 * `publisher_closed`: a pulled track whose publisher track closed;
 * `session_closed`: its session left;
 * `rejected`: the client rejected its m-line;
 * `inactive`: a published track that received no media for the inactivity timeout (30 s by default).
 */
export type TrackCloseReason =
  | 'closed'
  | 'inactive'
  | 'publisher_closed'
  | 'rejected'
  | 'session_closed';

/** One track of addTracks, as REST's TrackObject. */
export type TrackInput = {
  /** Only when the SFU makes the offer. */
  bidirectionalMediaStream?: boolean | null | undefined;
  /** Needed when the SFU makes the offer. */
  kind?: MediaKind | null | undefined;
  /** `local` publishes, `remote` pulls. */
  location: TrackLocation;
  /** The m-section in the offer (local; remote with an offer). `#<trackName>` reuses the transceiver carrying that track. */
  mid?: string | null | undefined;
  /** The publisher's session (remote only). */
  sessionId?: string | null | undefined;
  simulcast?: SimulcastInput | null | undefined;
  /** The name to publish under (local) or to pull (remote). */
  trackName?: string | null | undefined;
};

/**
 * `local`: the session publishes the track; `remote`: the session pulls it from another session.
 * For a WebSocket adapter: `local` is ingest (it publishes what the endpoint sends, in a new session),
 * `remote` egress (it streams another session's track to the endpoint).
 */
export type TrackLocation =
  | 'local'
  | 'remote';

/** `initializing` until media flows (publish) or the client answered (pull); `inactive` once closed. */
export type TrackStatus =
  | 'active'
  | 'inactive'
  | 'initializing';

/** One receiving transceiver of updateTracks, as an item of REST tracks/update. */
export type TrackUpdateInput = {
  /** Must be `remote`: only receiving transceivers can be updated. */
  location: TrackLocation;
  /** The receiving transceiver (a negotiated pull) in this session. */
  mid: string;
  /** The publisher's session of the track to receive: the current one, or another to re-point to. */
  sessionId: string;
  /** New simulcast preferences; changing only these needs no renegotiation. */
  simulcast?: SimulcastInput | null | undefined;
  /** The track to receive: the current one (simulcast change), or another (re-point). */
  trackName: string;
};

export type UpdateDataChannelsInput = {
  /** At most 64. */
  dataChannels: Array<DataChannelUpdateInput>;
};

export type UpdateTracksInput = {
  /** At most 64. */
  tracks: Array<TrackUpdateInput>;
};

/** One adapter (REST: an item of adapters/websocket/new). */
export type WebSocketAdapterInput = {
  /** The ws:// or wss:// URL the SFU connects to. It may carry a credential: it is never put in events or logs. */
  endpoint: string;
  /** Ingest (required). */
  inputCodec?: AdapterInputCodec | null | undefined;
  /** `remote` (egress): stream `sessionId`'s track `trackName` to the endpoint as `outputCodec`. `local` (ingest): publish what the endpoint sends as track `trackName` of a new session. */
  location: TrackLocation;
  /** Egress (required): `pcm` for an audio track, `jpeg` for a video track. */
  outputCodec?: AdapterCodec | null | undefined;
  /** Egress (required): the publisher's session. Ignored for ingest. */
  sessionId?: string | null | undefined;
  trackName: string;
};

export type CreateWebSocketAdaptersMutationVariables = Exact<{
  tracks: Array<WebSocketAdapterInput> | WebSocketAdapterInput;
}>;


export type CreateWebSocketAdaptersMutation = { createWebSocketAdapters:
    | { __typename: 'CreateWebSocketAdaptersPayload', adapters: Array<
        | { __typename: 'CreatedWebSocketAdapter', adapterId: string, trackName: string, location: TrackLocation, sessionId: string, endpoint: string }
        | { __typename: 'WebSocketAdapterError', code: ErrorCode, message: string, failedTrackName: string | null, failedSessionId: string | null, failedLocation: TrackLocation | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type CloseWebSocketAdaptersMutationVariables = Exact<{
  adapterIds: Array<string> | string;
}>;


export type CloseWebSocketAdaptersMutation = { closeWebSocketAdapters:
    | { __typename: 'CloseWebSocketAdaptersPayload', adapters: Array<
        | { __typename: 'ClosedWebSocketAdapter', adapterId: string, bytesProcessed: number | null }
        | { __typename: 'WebSocketAdapterError', code: ErrorCode, message: string, failedAdapterId: string | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type DataChannelErrorFieldsFragment = { code: ErrorCode, message: string, location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null };

export type EstablishDataChannelsMutationVariables = Exact<{
  sessionId: string;
  input?: EstablishDataChannelsInput | null | undefined;
}>;


export type EstablishDataChannelsMutation = { establishDataChannels:
    | { __typename: 'EstablishDataChannelsPayload', requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null, dataChannel: { location: TrackLocation | null, dataChannelName: string | null, id: number | null } }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type AddDataChannelsMutationVariables = Exact<{
  sessionId: string;
  input: AddDataChannelsInput;
}>;


export type AddDataChannelsMutation = { addDataChannels:
    | { __typename: 'AddDataChannelsPayload', dataChannels: Array<
        | { __typename: 'AddedDataChannel', location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null, canReply: boolean | null }
        | { __typename: 'DataChannelError', code: ErrorCode, message: string, location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type UpdateDataChannelsMutationVariables = Exact<{
  sessionId: string;
  input: UpdateDataChannelsInput;
}>;


export type UpdateDataChannelsMutation = { updateDataChannels:
    | { __typename: 'SfuError', code: ErrorCode, message: string }
    | { __typename: 'UpdateDataChannelsPayload', dataChannels: Array<
        | { __typename: 'DataChannelError', code: ErrorCode, message: string, location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null }
        | { __typename: 'UpdatedDataChannel', location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null, canReply: boolean | null }
      > }
   };

export type CloseDataChannelsMutationVariables = Exact<{
  sessionId: string;
  input: CloseDataChannelsInput;
}>;


export type CloseDataChannelsMutation = { closeDataChannels:
    | { __typename: 'CloseDataChannelsPayload', dataChannels: Array<
        | { __typename: 'ClosedDataChannel', id: number | null, location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null }
        | { __typename: 'DataChannelError', code: ErrorCode, message: string, location: TrackLocation | null, sessionId: string | null, dataChannelName: string | null, id: number | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

type EventFields_ParticipantJoined_Fragment = { __typename: 'ParticipantJoined', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_ParticipantLeft_Fragment = { __typename: 'ParticipantLeft', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_SessionCreated_Fragment = { __typename: 'SessionCreated', seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_SessionJoined_Fragment = { __typename: 'SessionJoined', seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_SessionLeft_Fragment = { __typename: 'SessionLeft', reason: LeaveReason, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_TrackClosed_Fragment = { __typename: 'TrackClosed', trackName: string, mid: string, location: TrackLocation, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, closeReason: TrackCloseReason };

type EventFields_TrackInactive_Fragment = { __typename: 'TrackInactive', trackName: string, mid: string, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_TrackMuted_Fragment = { __typename: 'TrackMuted', trackName: string, mid: string, muted: boolean, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_TrackPublished_Fragment = { __typename: 'TrackPublished', trackName: string, mid: string, kind: MediaKind, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

type EventFields_WebSocketAdapterClosed_Fragment = { __typename: 'WebSocketAdapterClosed', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, bytesProcessed: number, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, adapterCloseReason: AdapterCloseReason };

type EventFields_WebSocketAdapterOpened_Fragment = { __typename: 'WebSocketAdapterOpened', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, seq: number, at: string, sessionId: string, room: string | null, identity: string | null };

export type EventFieldsFragment =
  | EventFields_ParticipantJoined_Fragment
  | EventFields_ParticipantLeft_Fragment
  | EventFields_SessionCreated_Fragment
  | EventFields_SessionJoined_Fragment
  | EventFields_SessionLeft_Fragment
  | EventFields_TrackClosed_Fragment
  | EventFields_TrackInactive_Fragment
  | EventFields_TrackMuted_Fragment
  | EventFields_TrackPublished_Fragment
  | EventFields_WebSocketAdapterClosed_Fragment
  | EventFields_WebSocketAdapterOpened_Fragment
;

export type EventsSubscriptionVariables = Exact<{
  room?: string | null | undefined;
  sessionId?: string | null | undefined;
  since?: number | null | undefined;
}>;


export type EventsSubscription = { events:
    | { __typename: 'ParticipantJoined', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'ParticipantLeft', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'SessionCreated', seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'SessionJoined', seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'SessionLeft', reason: LeaveReason, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'TrackClosed', trackName: string, mid: string, location: TrackLocation, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, closeReason: TrackCloseReason }
    | { __typename: 'TrackInactive', trackName: string, mid: string, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'TrackMuted', trackName: string, mid: string, muted: boolean, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'TrackPublished', trackName: string, mid: string, kind: MediaKind, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
    | { __typename: 'WebSocketAdapterClosed', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, bytesProcessed: number, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, adapterCloseReason: AdapterCloseReason }
    | { __typename: 'WebSocketAdapterOpened', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, seq: number, at: string, sessionId: string, room: string | null, identity: string | null }
   };

export type EventsWithSessionSubscriptionVariables = Exact<{
  room?: string | null | undefined;
  since?: number | null | undefined;
}>;


export type EventsWithSessionSubscription = { events:
    | { __typename: 'ParticipantJoined', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'ParticipantLeft', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'SessionCreated', seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'SessionJoined', seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'SessionLeft', reason: LeaveReason, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'TrackClosed', trackName: string, mid: string, location: TrackLocation, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, closeReason: TrackCloseReason, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'TrackInactive', trackName: string, mid: string, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'TrackMuted', trackName: string, mid: string, muted: boolean, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'TrackPublished', trackName: string, mid: string, kind: MediaKind, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'WebSocketAdapterClosed', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, bytesProcessed: number, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, adapterCloseReason: AdapterCloseReason, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
    | { __typename: 'WebSocketAdapterOpened', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, session: { sessionId: string, metadata: unknown, connectionState: ConnectionState } | null }
   };

export type ParticipantFieldsFragment = { identity: string, room: string, name: string | null, metadata: unknown, joinedAt: string | null, sessions: Array<{ sessionId: string, connectionState: ConnectionState }>, tracks: Array<{ sessionId: string, trackName: string, mid: string, kind: MediaKind, status: TrackStatus, muted: boolean }> };

export type RoomQueryVariables = Exact<{
  name: string;
}>;


export type RoomQuery = { room:
    | { __typename: 'Room', name: string, seq: number, participants: Array<{ identity: string, room: string, name: string | null, metadata: unknown, joinedAt: string | null, sessions: Array<{ sessionId: string, connectionState: ConnectionState }>, tracks: Array<{ sessionId: string, trackName: string, mid: string, kind: MediaKind, status: TrackStatus, muted: boolean }> }>, sessions: Array<{ sessionId: string, identity: string | null, connectionState: ConnectionState }> }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type RoomEventsSubscriptionVariables = Exact<{
  room?: string | null | undefined;
  since?: number | null | undefined;
}>;


export type RoomEventsSubscription = { events:
    | { __typename: 'ParticipantJoined', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'ParticipantLeft', name: string | null, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'SessionCreated', seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'SessionJoined', seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'SessionLeft', reason: LeaveReason, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'TrackClosed', trackName: string, mid: string, location: TrackLocation, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, closeReason: TrackCloseReason, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'TrackInactive', trackName: string, mid: string, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'TrackMuted', trackName: string, mid: string, muted: boolean, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'TrackPublished', trackName: string, mid: string, kind: MediaKind, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'WebSocketAdapterClosed', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, bytesProcessed: number, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, adapterCloseReason: AdapterCloseReason, participant: { identity: string, name: string | null, metadata: unknown } | null }
    | { __typename: 'WebSocketAdapterOpened', adapterId: string, trackName: string, location: TrackLocation, codec: AdapterCodec, seq: number, at: string, sessionId: string, room: string | null, identity: string | null, participant: { identity: string, name: string | null, metadata: unknown } | null }
   };

export type CloseSessionMutationVariables = Exact<{
  sessionId: string;
}>;


export type CloseSessionMutation = { closeSession:
    | { __typename: 'ClosedSession', sessionId: string }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type MuteTracksMutationVariables = Exact<{
  sessionId: string;
  tracks: Array<MuteTrackInput> | MuteTrackInput;
}>;


export type MuteTracksMutation = { muteTracks:
    | { __typename: 'MuteTracksPayload', tracks: Array<
        | { __typename: 'MutedTrack', mid: string, muted: boolean }
        | { __typename: 'TrackError', code: ErrorCode, message: string }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type CreateAccessTokenMutationVariables = Exact<{
  input: CreateAccessTokenInput;
}>;


export type CreateAccessTokenMutation = { createAccessToken:
    | { __typename: 'AccessToken', token: string, expiresAt: string }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type SessionDescriptionFieldsFragment = { type: SdpType, sdp: string };

export type SessionFieldsFragment = { sessionId: string, room: string | null, identity: string | null, name: string | null, metadata: unknown, connectionState: ConnectionState, createdAt: string, tracks: Array<{ location: TrackLocation, mid: string, trackName: string, kind: MediaKind, status: TrackStatus, muted: boolean, sessionId: string, simulcast: { preferredRid: string | null } | null }>, dataChannels: Array<{ location: TrackLocation, sessionId: string | null, dataChannelName: string, id: number, status: TrackStatus }> };

export type AppQueryVariables = Exact<{ [key: string]: never; }>;


export type AppQuery = { app: { id: string, name: string } };

export type CreateSessionMutationVariables = Exact<{
  input?: CreateSessionInput | null | undefined;
}>;


export type CreateSessionMutation = { createSession:
    | { __typename: 'CreateSessionPayload', sessionId: string, requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type AddTracksMutationVariables = Exact<{
  sessionId: string;
  input: AddTracksInput;
}>;


export type AddTracksMutation = { addTracks:
    | { __typename: 'AddTracksPayload', requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null, tracks: Array<
        | { __typename: 'AddedTrack', location: TrackLocation | null, mid: string | null, trackName: string | null, sessionId: string | null, kind: MediaKind | null }
        | { __typename: 'TrackError', code: ErrorCode, message: string, location: TrackLocation | null, mid: string | null, trackName: string | null, sessionId: string | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type RenegotiateMutationVariables = Exact<{
  sessionId: string;
  sessionDescription: SessionDescriptionInput;
}>;


export type RenegotiateMutation = { renegotiate:
    | { __typename: 'RenegotiatePayload', requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type UpdateTracksMutationVariables = Exact<{
  sessionId: string;
  input: UpdateTracksInput;
}>;


export type UpdateTracksMutation = { updateTracks:
    | { __typename: 'SfuError', code: ErrorCode, message: string }
    | { __typename: 'UpdateTracksPayload', requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null, tracks: Array<
        | { __typename: 'TrackError', code: ErrorCode, message: string, sessionId: string | null, trackName: string | null, failedMid: string | null }
        | { __typename: 'UpdatedTrack', mid: string, sessionId: string | null, trackName: string | null }
      > }
   };

export type CloseTracksMutationVariables = Exact<{
  sessionId: string;
  input: CloseTracksInput;
}>;


export type CloseTracksMutation = { closeTracks:
    | { __typename: 'CloseTracksPayload', requiresImmediateRenegotiation: boolean, sessionDescription: { type: SdpType, sdp: string } | null, tracks: Array<
        | { __typename: 'ClosedTrack', mid: string }
        | { __typename: 'TrackError', code: ErrorCode, message: string, failedMid: string | null }
      > }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type SessionQueryVariables = Exact<{
  sessionId: string;
}>;


export type SessionQuery = { session:
    | { __typename: 'Session', sessionId: string, room: string | null, identity: string | null, name: string | null, metadata: unknown, connectionState: ConnectionState, createdAt: string, tracks: Array<{ location: TrackLocation, mid: string, trackName: string, kind: MediaKind, status: TrackStatus, muted: boolean, sessionId: string, simulcast: { preferredRid: string | null } | null }>, dataChannels: Array<{ location: TrackLocation, sessionId: string | null, dataChannelName: string, id: number, status: TrackStatus }> }
    | { __typename: 'SfuError', code: ErrorCode, message: string }
   };

export type SessionsQueryVariables = Exact<{
  room?: string | null | undefined;
}>;


export type SessionsQuery = { sessions: { seq: number, sessions: Array<{ sessionId: string, room: string | null, identity: string | null, name: string | null, metadata: unknown, connectionState: ConnectionState, createdAt: string, tracks: Array<{ location: TrackLocation, mid: string, trackName: string, kind: MediaKind, status: TrackStatus, muted: boolean, sessionId: string, simulcast: { preferredRid: string | null } | null }>, dataChannels: Array<{ location: TrackLocation, sessionId: string | null, dataChannelName: string, id: number, status: TrackStatus }> }> } };

export const DataChannelErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataChannelErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataChannelError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]} as unknown as DocumentNode<DataChannelErrorFieldsFragment, unknown>;
export const EventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackPublished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","alias":{"kind":"Name","value":"closeReason"},"name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackInactive"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackMuted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantJoined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterOpened"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}},{"kind":"Field","alias":{"kind":"Name","value":"adapterCloseReason"},"name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bytesProcessed"}}]}}]}}]} as unknown as DocumentNode<EventFieldsFragment, unknown>;
export const ParticipantFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ParticipantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Participant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"joinedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}}]}}]} as unknown as DocumentNode<ParticipantFieldsFragment, unknown>;
export const SessionDescriptionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<SessionDescriptionFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"simulcast"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferredRid"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SessionFieldsFragment, unknown>;
export const CreateWebSocketAdaptersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebSocketAdapters"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tracks"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebSocketAdapters"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tracks"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tracks"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWebSocketAdaptersPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreatedWebSocketAdapter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","alias":{"kind":"Name","value":"failedTrackName"},"name":{"kind":"Name","value":"trackName"}},{"kind":"Field","alias":{"kind":"Name","value":"failedSessionId"},"name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","alias":{"kind":"Name","value":"failedLocation"},"name":{"kind":"Name","value":"location"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateWebSocketAdaptersMutation, CreateWebSocketAdaptersMutationVariables>;
export const CloseWebSocketAdaptersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseWebSocketAdapters"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"adapterIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeWebSocketAdapters"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"adapterIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"adapterIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseWebSocketAdaptersPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClosedWebSocketAdapter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"bytesProcessed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","alias":{"kind":"Name","value":"failedAdapterId"},"name":{"kind":"Name","value":"adapterId"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CloseWebSocketAdaptersMutation, CloseWebSocketAdaptersMutationVariables>;
export const EstablishDataChannelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EstablishDataChannels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EstablishDataChannelsInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"establishDataChannels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EstablishDataChannelsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataChannel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<EstablishDataChannelsMutation, EstablishDataChannelsMutationVariables>;
export const AddDataChannelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddDataChannels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddDataChannelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDataChannels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddDataChannelsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddedDataChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"canReply"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataChannelErrorFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataChannelErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataChannelError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]} as unknown as DocumentNode<AddDataChannelsMutation, AddDataChannelsMutationVariables>;
export const UpdateDataChannelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateDataChannels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateDataChannelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDataChannels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateDataChannelsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatedDataChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"canReply"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataChannelErrorFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataChannelErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataChannelError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]} as unknown as DocumentNode<UpdateDataChannelsMutation, UpdateDataChannelsMutationVariables>;
export const CloseDataChannelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseDataChannels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseDataChannelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeDataChannels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseDataChannelsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClosedDataChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataChannelErrorFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataChannelErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataChannelError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]} as unknown as DocumentNode<CloseDataChannelsMutation, CloseDataChannelsMutationVariables>;
export const EventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"Events"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"room"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"room"},"value":{"kind":"Variable","name":{"kind":"Name","value":"room"}}},{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackPublished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","alias":{"kind":"Name","value":"closeReason"},"name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackInactive"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackMuted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantJoined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterOpened"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}},{"kind":"Field","alias":{"kind":"Name","value":"adapterCloseReason"},"name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bytesProcessed"}}]}}]}}]} as unknown as DocumentNode<EventsSubscription, EventsSubscriptionVariables>;
export const EventsWithSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"EventsWithSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"room"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"room"},"value":{"kind":"Variable","name":{"kind":"Name","value":"room"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventFields"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackPublished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","alias":{"kind":"Name","value":"closeReason"},"name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackInactive"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackMuted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantJoined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterOpened"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}},{"kind":"Field","alias":{"kind":"Name","value":"adapterCloseReason"},"name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bytesProcessed"}}]}}]}}]} as unknown as DocumentNode<EventsWithSessionSubscription, EventsWithSessionSubscriptionVariables>;
export const RoomDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Room"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"room"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ParticipantFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ParticipantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Participant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"joinedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}}]}}]} as unknown as DocumentNode<RoomQuery, RoomQueryVariables>;
export const RoomEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RoomEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"room"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"room"},"value":{"kind":"Variable","name":{"kind":"Name","value":"room"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EventFields"}},{"kind":"Field","name":{"kind":"Name","value":"participant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackPublished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","alias":{"kind":"Name","value":"closeReason"},"name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackInactive"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackMuted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantJoined"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantLeft"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterOpened"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebSocketAdapterClosed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adapterId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"codec"}},{"kind":"Field","alias":{"kind":"Name","value":"adapterCloseReason"},"name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bytesProcessed"}}]}}]}}]} as unknown as DocumentNode<RoomEventsSubscription, RoomEventsSubscriptionVariables>;
export const CloseSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClosedSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CloseSessionMutation, CloseSessionMutationVariables>;
export const MuteTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MuteTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tracks"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MuteTrackInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"muteTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"tracks"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tracks"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MuteTracksPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutedTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<MuteTracksMutation, MuteTracksMutationVariables>;
export const CreateAccessTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAccessToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAccessTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAccessToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AccessToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateAccessTokenMutation, CreateAccessTokenMutationVariables>;
export const AppDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"App"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"app"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AppQuery, AppQueryVariables>;
export const CreateSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSessionInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<CreateSessionMutation, CreateSessionMutationVariables>;
export const AddTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddTracksInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddTracksPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddedTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<AddTracksMutation, AddTracksMutationVariables>;
export const RenegotiateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Renegotiate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionDescription"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renegotiate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"sessionDescription"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionDescription"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RenegotiatePayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<RenegotiateMutation, RenegotiateMutationVariables>;
export const UpdateTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTracksInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTracksPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatedTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","alias":{"kind":"Name","value":"failedMid"},"name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<UpdateTracksMutation, UpdateTracksMutationVariables>;
export const CloseTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseTracksInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseTracksPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiresImmediateRenegotiation"}},{"kind":"Field","name":{"kind":"Name","value":"sessionDescription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionDescriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClosedTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrackError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","alias":{"kind":"Name","value":"failedMid"},"name":{"kind":"Name","value":"mid"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionDescriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionDescription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sdp"}}]}}]} as unknown as DocumentNode<CloseTracksMutation, CloseTracksMutationVariables>;
export const SessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Session"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"simulcast"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferredRid"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SessionQuery, SessionQueryVariables>;
export const SessionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Sessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"room"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"room"},"value":{"kind":"Variable","name":{"kind":"Name","value":"room"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"sessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}},{"kind":"Field","name":{"kind":"Name","value":"connectionState"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"mid"}},{"kind":"Field","name":{"kind":"Name","value":"trackName"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"simulcast"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferredRid"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"dataChannelName"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SessionsQuery, SessionsQueryVariables>;