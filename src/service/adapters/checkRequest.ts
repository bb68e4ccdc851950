import { SfuError } from '../errors.js';
import type { NewAdapterItem } from './types.js';

/**
 * The contract's rules for an adapters/websocket request as a whole (OpenAPI NewAdapterRequest,
 * CloseAdapterRequest), shared by both faces: each face only decodes its own types (REST: JSON
 * types and enum strings; GraphQL: its input types), and a request that breaks one of these is
 * refused whole with invalid_params (REST 406). Names are the request's (`tracks[i].endpoint`).
 */
export function checkNewAdapterItems(items: readonly NewAdapterItem[]): void {
  checkAdapterCount(items.length);
  items.forEach((item, i) => {
    const at = `tracks[${i}]`;
    if (!item.trackName) throw required(`${at}.trackName`);
    if (!item.endpoint) throw required(`${at}.endpoint`);
    if (!isWebSocketUrl(item.endpoint)) throw new SfuError('invalid_params', `${at}.endpoint must be a ws:// or wss:// URL`);
    if (item.location === 'remote') {
      // The publisher's session and what to turn its track into; a local item's sessionId is ignored.
      if (!item.sessionId) throw required(`${at}.sessionId`);
      if (!item.outputCodec) throw required(`${at}.outputCodec`);
    } else if (!item.inputCodec) {
      throw required(`${at}.inputCodec`);
    }
  });
}

/** close: 1 to 4 ids, none empty. */
export function checkAdapterIds(adapterIds: readonly string[]): void {
  checkAdapterCount(adapterIds.length);
  adapterIds.forEach((id, i) => {
    if (!id) throw required(`tracks[${i}].adapterId`);
  });
}

function checkAdapterCount(count: number): void {
  if (count < 1 || count > 4) throw new SfuError('invalid_params', `Expecting 1 to 4 tracks in the request, got ${count}`);
}

/** ws:// or wss:// with a host: the OpenAPI's `^wss?://` uri. */
function isWebSocketUrl(value: string): boolean {
  if (!/^wss?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

function required(at: string): SfuError {
  return new SfuError('invalid_params', `${at} is required`);
}
