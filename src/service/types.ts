import type { MediaKind, SessionDescription } from '../sdp/index.js';
import type { ItemError } from './errors.js';
import type { ParticipantState } from './rooms/Participants.js';

export type { SessionDescription, MediaKind };

export type TrackLocation = 'local' | 'remote';
export type TrackStatus = 'active' | 'inactive' | 'initializing';

export interface SimulcastPreferences {
  /** RID of the layer to receive; "" means pick by bandwidth. */
  preferredRid?: string;
  priorityOrdering?: 'none' | 'asciibetical';
  ridNotAvailable?: 'none' | 'asciibetical';
}

/** One item of `tracks/new`, as the contract's TrackObject. */
export interface TrackRequest {
  location: TrackLocation;
  mid?: string;
  trackName?: string;
  /** The publisher's session, for remote tracks. */
  sessionId?: string;
  kind?: MediaKind;
  bidirectionalMediaStream?: boolean;
  simulcast?: SimulcastPreferences;
}

export interface AddTracksRequest {
  sessionDescription?: SessionDescription;
  tracks?: TrackRequest[];
  autoDiscover?: boolean;
}

export interface TrackResult extends Partial<ItemError> {
  location?: TrackLocation;
  mid?: string;
  trackName?: string;
  sessionId?: string;
  kind?: MediaKind;
}

export interface NegotiationResult {
  sessionDescription?: SessionDescription;
  requiresImmediateRenegotiation: boolean;
}

export interface AddTracksResult extends NegotiationResult {
  tracks: TrackResult[];
}

export interface CloseTracksRequest {
  tracks: { mid: string }[];
  force?: boolean;
  sessionDescription?: SessionDescription;
}

export interface CloseTracksResult extends NegotiationResult {
  tracks: ({ mid: string } & Partial<ItemError>)[];
}

export interface CreateSessionOptions {
  sessionDescription?: SessionDescription;
  correlationId?: string;
  thirdparty?: boolean;
  /** The app's grouping for presence (GraphQL) and for access tokens, which are scoped to one room. */
  room?: string;
  /** The participant the session belongs to (a token's `sub`); with a room, its sessions make one participant. */
  identity?: string;
  /** The participant's display name. */
  name?: string;
  /** Free-form participant data shown to other members of the room. */
  metadata?: unknown;
}

export interface TrackState {
  location: TrackLocation;
  mid: string;
  trackName: string;
  kind: MediaKind;
  /** The publisher's session id (remote tracks only). */
  sessionId?: string;
  status: TrackStatus;
  /** The simulcast preferences a remote track was pulled with, if any. */
  simulcast?: SimulcastPreferences;
  /** Paused by its publisher (local), or its publisher's track is paused (remote): no media flows, the track stays. */
  muted: boolean;
}

export interface SessionState {
  sessionId: string;
  appId: string;
  room?: string;
  identity?: string;
  name?: string;
  metadata?: unknown;
  correlationId?: string;
  connectionState: 'new' | 'connected' | 'disconnected' | 'closed';
  createdAt: Date;
  /** When its PeerConnection first connected. */
  joinedAt?: Date;
  tracks: TrackState[];
  dataChannels: DataChannelState[];
}

/** Delivery policy of one DataChannel leg, as the browser's RTCDataChannelInit. */
export interface DataChannelDelivery {
  /** @default true */
  ordered?: boolean;
  maxRetransmits?: number;
  maxPacketLifeTime?: number;
}

/** One item of `datachannels/new` or `datachannels/update`, as the contract's DataChannelObject. */
export interface DataChannelRequest extends DataChannelDelivery {
  location: TrackLocation;
  dataChannelName?: string;
  /** The publisher's session, for remote channels. */
  sessionId?: string;
  /** Remote only: hold delivery until the subscriber's first message. @default false */
  waitForAck?: boolean;
  /** Remote only: this subscriber may send back to the publisher. @default false */
  canReply?: boolean;
}

export interface DataChannelResult extends Partial<ItemError> {
  location?: TrackLocation;
  sessionId?: string;
  dataChannelName?: string;
  /** The SCTP stream id for `createDataChannel(name, {negotiated: true, id})` on this session. */
  id?: number;
  canReply?: boolean;
}

export interface EstablishDataChannelsRequest {
  /** Must be `{location: 'remote', dataChannelName: 'server-events'}` when given. */
  dataChannel?: DataChannelRequest;
  sessionDescription?: SessionDescription;
}

export interface EstablishDataChannelsResult extends NegotiationResult {
  dataChannel: DataChannelResult;
}

export interface CloseDataChannelsRequest {
  dataChannels: { id: number }[];
}

export interface DataChannelState {
  location: TrackLocation;
  /** The publisher's session id (remote channels only). */
  sessionId?: string;
  dataChannelName: string;
  id: number;
  status: TrackStatus;
}

/** A room now, and the seq of the last event it reflects (read in one tick, so `since: seq` follows on without a gap). */
export interface RoomState {
  name: string;
  seq: number;
  participants: ParticipantState[];
  /** Every live session of the room, those without an identity too. */
  sessions: SessionState[];
}
