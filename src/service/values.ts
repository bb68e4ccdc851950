import { SfuError } from './errors.js';

/**
 * Ranges of values both faces accept, checked once here: REST's decoder and GraphQL's scalars and
 * resolvers call these, so the same bad value gets the same code (`decoding_error`) from either.
 */

/** An integer from 0 to 65535: an SCTP field such as a retransmission limit or a lifetime in ms. */
export function checkUInt16(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new SfuError('decoding_error', `${what} must be an integer from 0 to 65535, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return value;
}

/** An SCTP stream id as `createDataChannel(name, { negotiated: true, id })` takes it. */
export function checkStreamId(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65534) {
    throw new SfuError('decoding_error', `${what} must be an integer from 0 to 65534, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return value;
}

/** The token of an `Authorization: Bearer <token>` header (any case, surrounding space ignored). */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]?.trim();
}
