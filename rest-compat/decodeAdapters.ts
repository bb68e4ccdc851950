import { SfuError, type NewAdapterItem } from '../src/service/index.js';

/**
 * The adapters/websocket bodies (OpenAPI NewAdapterRequest, CloseAdapterRequest) decoded into the
 * service's items: a value of the wrong JSON type is decoding_error (400); a location or codec
 * outside the contract's values, or no location, is invalid_params (406). What the contract asks
 * of the values (1 to 4 items, the fields each location needs, a ws:// or wss:// endpoint) is the
 * service's rule, shared with GraphQL; an absent string reaches it as "" and is refused there.
 */
type Json = Record<string, unknown>;

export function decodeNewAdapters(body: unknown): NewAdapterItem[] {
  return tracksOf(body).map((value, i) => {
    const at = `tracks[${i}]`;
    const item = asObject(value, at);
    const location = asString(item['location'], `${at}.location`);
    if (!location) throw invalid(`${at}.location is required`);
    if (location !== 'local' && location !== 'remote') throw invalid(`${at}.location must be "local" or "remote"`);
    const trackName = asString(item['trackName'], `${at}.trackName`) ?? '';
    const endpoint = asString(item['endpoint'], `${at}.endpoint`) ?? '';
    const decoded: NewAdapterItem = { location, trackName, endpoint };
    if (location === 'remote') {
      const sessionId = asString(item['sessionId'], `${at}.sessionId`);
      if (sessionId) decoded.sessionId = sessionId;
      const outputCodec = asString(item['outputCodec'], `${at}.outputCodec`);
      if (outputCodec) {
        if (outputCodec !== 'pcm' && outputCodec !== 'jpeg') throw invalid(`${at}.outputCodec must be "pcm" or "jpeg"`);
        decoded.outputCodec = outputCodec;
      }
    } else {
      const inputCodec = asString(item['inputCodec'], `${at}.inputCodec`);
      if (inputCodec) {
        if (inputCodec !== 'pcm') throw invalid(`${at}.inputCodec must be "pcm"`);
        decoded.inputCodec = inputCodec;
      }
    }
    return decoded;
  });
}

export function decodeCloseAdapters(body: unknown): string[] {
  return tracksOf(body).map((value, i) => asString(asObject(value, `tracks[${i}]`)['adapterId'], `tracks[${i}].adapterId`) ?? '');
}

function tracksOf(body: unknown): unknown[] {
  const tracks = asObject(body ?? {}, 'body')['tracks'];
  if (tracks === undefined || tracks === null) throw invalid('tracks is required');
  if (!Array.isArray(tracks)) throw new SfuError('decoding_error', 'tracks must be an array');
  return tracks;
}

function asObject(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SfuError('decoding_error', `${at} must be an object`);
  return value as Json;
}

function asString(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SfuError('decoding_error', `${at} must be a string`);
  return value;
}

function invalid(message: string): SfuError {
  return new SfuError('invalid_params', message);
}
