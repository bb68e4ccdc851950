import { adapterErrorCodes, errorCodes } from '../../src/service/index.js';
import { builder } from '../builder.js';

/*
 * Enum values are spelled exactly as the REST contract spells them (lower case), so a value read
 * from one face can be compared with the other's, and an RTCSessionDescription's `type` can be
 * passed as it is.
 */

export const ErrorCode = builder.enumType('ErrorCode', {
  description: "The contract's error codes, the same as REST's `errorCode` (the WebSocket adapter's own codes among them).",
  values: [...errorCodes, ...adapterErrorCodes] as const,
});

export const SdpType = builder.enumType('SdpType', {
  description: 'RTCSessionDescription.type',
  values: ['offer', 'answer'] as const,
});

export const TrackLocation = builder.enumType('TrackLocation', {
  description: [
    '`local`: the session publishes the track; `remote`: the session pulls it from another session.',
    'For a WebSocket adapter: `local` is ingest (it publishes what the endpoint sends, in a new session),',
    "`remote` egress (it streams another session's track to the endpoint).",
  ].join('\n'),
  values: ['local', 'remote'] as const,
});

export const AdapterCodec = builder.enumType('AdapterCodec', {
  description: [
    "What a WebSocket adapter exchanges with its endpoint, as REST's `outputCodec` / `inputCodec`:",
    '`pcm`: signed 16-bit little-endian, 48 kHz, stereo audio (an Opus track decoded, or ingested);',
    '`jpeg`: one JPEG image per message, from a video track (egress only).',
  ].join('\n'),
  values: ['pcm', 'jpeg'] as const,
});

export const AdapterInputCodec = builder.enumType('AdapterInputCodec', {
  description: 'What an ingest adapter (`location: local`) reads from its endpoint: `pcm` only, as the contract.',
  values: ['pcm'] as const,
});

export const MediaKind = builder.enumType('MediaKind', { values: ['audio', 'video'] as const });

export const TrackStatus = builder.enumType('TrackStatus', {
  description: '`initializing` until media flows (publish) or the client answered (pull); `inactive` once closed.',
  values: ['active', 'inactive', 'initializing'] as const,
});

export const ConnectionState = builder.enumType('ConnectionState', {
  description: "The session's PeerConnection as the SFU sees it.",
  values: ['new', 'connected', 'disconnected', 'closed'] as const,
});

export const SimulcastOrdering = builder.enumType('SimulcastOrdering', { values: ['none', 'asciibetical'] as const });

export const LeaveReason = builder.enumType('LeaveReason', {
  description: [
    'Why a session left:',
    '`closed`: the client closed its PeerConnection (DTLS close);',
    '`failed`: DTLS failed;',
    '`timeout`: nothing arrived from the peer for the liveness timeout (peer gone without closing);',
    '`expired`: the PeerConnection never connected;',
    '`worker_died`: the media worker serving it died;',
    '`shutdown`: the server is stopping;',
    '`instance_lost`: the cluster instance serving it stopped answering (its heartbeat expired).',
  ].join('\n'),
  values: ['closed', 'failed', 'timeout', 'expired', 'worker_died', 'shutdown', 'instance_lost'] as const,
});

export const TrackCloseReason = builder.enumType('TrackCloseReason', {
  description: [
    'Why a track closed:',
    '`closed`: closeTracks (or tracks/close) closed it;',
    '`publisher_closed`: a pulled track whose publisher track closed;',
    '`session_closed`: its session left;',
    '`rejected`: the client rejected its m-line;',
    '`inactive`: a published track that received no media for the inactivity timeout (30 s by default).',
  ].join('\n'),
  values: ['closed', 'publisher_closed', 'session_closed', 'rejected', 'inactive'] as const,
});

export const AdapterCloseReason = builder.enumType('AdapterCloseReason', {
  description: [
    'Why a WebSocket adapter closed:',
    '`closed`: closeWebSocketAdapters (or adapters/websocket/close) closed it;',
    '`source_closed`: its source track, that track\'s session, or the media route to it ended;',
    '`endpoint_lost`: the endpoint stayed unreachable for the whole reconnect window (5 s);',
    '`decoder_exited`: its media decoder (ffmpeg) ended by itself;',
    '`shutdown`: the server is stopping.',
  ].join('\n'),
  values: ['closed', 'source_closed', 'endpoint_lost', 'decoder_exited', 'shutdown'] as const,
});
