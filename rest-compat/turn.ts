import { defaultTurnTtlSeconds, maxTurnTtlSeconds, SfuError, type IceServer } from '../src/service/index.js';

/** The hosted service's TURN credential route; `/v1` may be left out as on the app routes. */
export const turnPath = /^(?:\/v1)?\/turn\/keys\/([^/]+)\/credentials\/generate-ice-servers\/?$/;

/** What the route needs of the TURN credentials (src/service/turn/TurnCredentials.ts). */
export interface TurnMinter {
  authenticate(keyId: string, token: string | undefined): void;
  iceServers(ttlSeconds: number, user?: string): IceServer[];
}

/** `{"ttl": seconds (at most 48 hours, as the hosted service; a day when absent), "customIdentifier"?: string}`; every field optional. */
export function decodeGenerateIceServers(body: unknown): { ttl: number; customIdentifier?: string } {
  if (body === undefined) return { ttl: defaultTurnTtlSeconds };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SfuError('decoding_error', 'the body must be a JSON object such as {"ttl": 86400}');
  const { ttl, customIdentifier } = body as { ttl?: unknown; customIdentifier?: unknown };
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl))) throw new SfuError('decoding_error', 'ttl must be a whole number of seconds');
  if (ttl !== undefined && (ttl < 1 || ttl > maxTurnTtlSeconds)) throw new SfuError('invalid_params', `ttl must be between 1 and ${maxTurnTtlSeconds} seconds (48 hours), got ${ttl}`);
  if (customIdentifier !== undefined && (typeof customIdentifier !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(customIdentifier))) {
    throw new SfuError('decoding_error', 'customIdentifier must be 1-64 of [A-Za-z0-9_.@-]');
  }
  return { ttl: ttl ?? defaultTurnTtlSeconds, ...(customIdentifier !== undefined ? { customIdentifier } : {}) };
}
