import { checkStreamId, checkUInt16, SfuError, type TrackUpdateRequest, type AddTracksRequest, type CloseTracksRequest, type DataChannelRequest, type EstablishDataChannelsRequest, type SessionDescription, type SimulcastPreferences, type TrackRequest } from '../src/service/index.js';

/**
 * Checks the JSON shapes of the contract's request bodies and turns them into the service's types.
 * Only types are checked here; what the values mean is the service's business.
 */
type Json = Record<string, unknown>;

export function decodeNewSession(body: unknown): { sessionDescription?: SessionDescription } {
  if (body === undefined || body === null) return {};
  const object = asObject(body, 'body');
  return optional({}, 'sessionDescription', object['sessionDescription'], decodeDescription);
}

export function decodeAddTracks(body: unknown): AddTracksRequest {
  const object = asObject(body ?? {}, 'body');
  let request: AddTracksRequest = {};
  request = optional(request, 'sessionDescription', object['sessionDescription'], decodeDescription);
  request = optional(request, 'tracks', object['tracks'], (v, at) => asArray(v, at).map((t, i) => decodeTrack(t, `${at}[${i}]`)));
  request = optional(request, 'autoDiscover', object['autoDiscover'], asBoolean);
  return request;
}

export function decodeRenegotiate(body: unknown): { sessionDescription?: SessionDescription } {
  const object = asObject(body ?? {}, 'body');
  return optional({}, 'sessionDescription', object['sessionDescription'], decodeDescription);
}

export function decodeCloseTracks(body: unknown): CloseTracksRequest {
  const object = asObject(body ?? {}, 'body');
  const tracks = asArray(object['tracks'] ?? [], 'tracks').map((t, i) => {
    const track = asObject(t, `tracks[${i}]`);
    return { mid: asString(track['mid'], `tracks[${i}].mid`) };
  });
  let request: CloseTracksRequest = { tracks };
  request = optional(request, 'force', object['force'], asBoolean);
  request = optional(request, 'sessionDescription', object['sessionDescription'], decodeDescription);
  return request;
}

/** tracks/update: the items keep their fields; whether they make sense is the service's call. */
export function decodeUpdateTracks(body: unknown): { tracks: TrackUpdateRequest[] } {
  const object = asObject(body ?? {}, 'body');
  const tracks = asArray(object['tracks'] ?? [], 'tracks').map((t, i) => decodeTrack(t, `tracks[${i}]`) as TrackUpdateRequest);
  return { tracks };
}

export function decodeEstablishDataChannels(body: unknown): EstablishDataChannelsRequest {
  const object = asObject(body ?? {}, 'body');
  let request: EstablishDataChannelsRequest = {};
  request = optional(request, 'dataChannel', object['dataChannel'], decodeDataChannel);
  request = optional(request, 'sessionDescription', object['sessionDescription'], decodeDescription);
  return request;
}

/** `datachannels/new` and `datachannels/update`: `{dataChannels: [DataChannelObject]}`. */
export function decodeDataChannels(body: unknown): DataChannelRequest[] {
  const object = asObject(body ?? {}, 'body');
  return asArray(object['dataChannels'] ?? [], 'dataChannels').map((c, i) => decodeDataChannel(c, `dataChannels[${i}]`));
}

export function decodeCloseDataChannels(body: unknown): number[] {
  const object = asObject(body ?? {}, 'body');
  return asArray(object['dataChannels'] ?? [], 'dataChannels').map((c, i) => {
    const channel = asObject(c, `dataChannels[${i}]`);
    return checkStreamId(channel['id'], `dataChannels[${i}].id`);
  });
}

function decodeDataChannel(value: unknown, at: string): DataChannelRequest {
  const object = asObject(value, at);
  const location = object['location'];
  if (location !== 'local' && location !== 'remote') throw invalid(`${at}.location must be "local" or "remote"`);
  let channel: DataChannelRequest = { location };
  for (const key of ['dataChannelName', 'sessionId'] as const) {
    channel = optional(channel, key, object[key], (v) => asString(v, `${at}.${key}`));
  }
  for (const key of ['ordered', 'waitForAck', 'canReply'] as const) {
    channel = optional(channel, key, object[key], (v) => asBoolean(v, `${at}.${key}`));
  }
  for (const key of ['maxRetransmits', 'maxPacketLifeTime'] as const) {
    channel = optional(channel, key, object[key], (v) => checkUInt16(v, `${at}.${key}`));
  }
  return channel;
}

function decodeTrack(value: unknown, at: string): TrackRequest {
  const object = asObject(value, at);
  const location = object['location'];
  if (location !== 'local' && location !== 'remote') {
    throw invalid(`${at}.location must be "local" or "remote"`);
  }
  let track: TrackRequest = { location };
  for (const key of ['mid', 'trackName', 'sessionId'] as const) {
    track = optional(track, key, object[key], asString);
  }
  track = optional(track, 'kind', object['kind'], (v, path) => {
    if (v !== 'audio' && v !== 'video') throw invalid(`${path} must be "audio" or "video"`);
    return v;
  });
  track = optional(track, 'bidirectionalMediaStream', object['bidirectionalMediaStream'], asBoolean);
  track = optional(track, 'simulcast', object['simulcast'], decodeSimulcast);
  return track;
}

function decodeSimulcast(value: unknown, at: string): SimulcastPreferences {
  const object = asObject(value, at);
  let simulcast: SimulcastPreferences = {};
  simulcast = optional(simulcast, 'preferredRid', object['preferredRid'], asString);
  for (const key of ['priorityOrdering', 'ridNotAvailable'] as const) {
    simulcast = optional(simulcast, key, object[key], (v, path) => {
      if (v !== 'none' && v !== 'asciibetical') throw invalid(`${path} must be "none" or "asciibetical"`);
      return v;
    });
  }
  return simulcast;
}

function decodeDescription(value: unknown, at: string): SessionDescription {
  const object = asObject(value, at);
  const type = object['type'];
  if (type !== 'offer' && type !== 'answer') throw invalid(`${at}.type must be "offer" or "answer"`);
  return { type, sdp: asString(object['sdp'], `${at}.sdp`) };
}

function optional<T extends object, K extends string, V>(
  target: T,
  key: K,
  value: unknown,
  decode: (value: unknown, at: string) => V,
): T & { [P in K]?: V } {
  if (value === undefined || value === null) return target;
  return { ...target, [key]: decode(value, key) } as T & { [P in K]?: V };
}

function asObject(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${at} must be an object`);
  return value as Json;
}

function asArray(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${at} must be an array`);
  return value;
}

function asString(value: unknown, at: string): string {
  if (typeof value !== 'string') throw invalid(`${at} must be a string`);
  return value;
}

function asBoolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${at} must be true or false`);
  return value;
}

function invalid(message: string): SfuError {
  return new SfuError('decoding_error', message);
}
