import { SfuError, type NewAdapterItem } from '../src/service/index.js';

/**
 * The adapters/websocket bodies (OpenAPI NewAdapterRequest, CloseAdapterRequest): a value of the
 * wrong JSON type is decoding_error (400); a missing required value, an enum outside the
 * contract or an endpoint that is not ws:// or wss:// is invalid_params (406). The 1-to-4 count
 * is the service's rule.
 */
type Json = Record<string, unknown>;

export function decodeNewAdapters(body: unknown): NewAdapterItem[] {
  return tracksOf(body).map((value, i) => {
    const at = `tracks[${i}]`;
    const item = asObject(value, at);
    const location = required(asString(item['location'], `${at}.location`), `${at}.location`);
    if (location !== 'local' && location !== 'remote') throw invalid(`${at}.location must be "local" or "remote"`);
    const trackName = required(asString(item['trackName'], `${at}.trackName`), `${at}.trackName`);
    const endpoint = required(asString(item['endpoint'], `${at}.endpoint`), `${at}.endpoint`);
    if (!isWebSocketUrl(endpoint)) throw invalid(`${at}.endpoint must be a ws:// or wss:// URL`);
    const decoded: NewAdapterItem = { location, trackName, endpoint };
    if (location === 'remote') {
      decoded.sessionId = required(asString(item['sessionId'], `${at}.sessionId`), `${at}.sessionId`);
      const outputCodec = required(asString(item['outputCodec'], `${at}.outputCodec`), `${at}.outputCodec`);
      if (outputCodec !== 'pcm' && outputCodec !== 'jpeg') throw invalid(`${at}.outputCodec must be "pcm" or "jpeg"`);
      decoded.outputCodec = outputCodec;
    } else {
      const inputCodec = required(asString(item['inputCodec'], `${at}.inputCodec`), `${at}.inputCodec`);
      if (inputCodec !== 'pcm') throw invalid(`${at}.inputCodec must be "pcm"`);
      decoded.inputCodec = inputCodec;
    }
    return decoded;
  });
}

export function decodeCloseAdapters(body: unknown): string[] {
  return tracksOf(body).map((value, i) => required(asString(asObject(value, `tracks[${i}]`)['adapterId'], `tracks[${i}].adapterId`), `tracks[${i}].adapterId`));
}

function tracksOf(body: unknown): unknown[] {
  const tracks = asObject(body ?? {}, 'body')['tracks'];
  if (tracks === undefined || tracks === null) throw invalid('tracks is required');
  if (!Array.isArray(tracks)) throw new SfuError('decoding_error', 'tracks must be an array');
  return tracks;
}

function isWebSocketUrl(value: string): boolean {
  if (!/^wss?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
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

function required(value: string | undefined, at: string): string {
  if (value === undefined || value === '') throw invalid(`${at} is required`);
  return value;
}

function invalid(message: string): SfuError {
  return new SfuError('invalid_params', message);
}
