import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { SfuError } from '../errors.js';
import { checkMetadata, type MetadataLimits } from '../session/metadata.js';

/** What a token's holder may do besides acting on its own sessions. Each defaults to true. */
export interface Grants {
  /** Publish audio and video tracks (tracks/new with location "local", autoDiscover). */
  canPublish: boolean;
  /** Pull tracks and DataChannels of its room's sessions. */
  canSubscribe: boolean;
  /** Publish DataChannels (datachannels/new with location "local"). */
  canPublishData: boolean;
}

export const grantNames = ['canPublish', 'canSubscribe', 'canPublishData'] as const satisfies readonly (keyof Grants)[];

/** A verified access token: one participant of one room of one app, for a while. */
export interface Participant {
  appId: string;
  identity: string;
  room: string;
  name?: string;
  metadata?: unknown;
  grants: Grants;
  expiresAt: Date;
}

/** What a backend states when it mints a token (`createAccessToken`, `npm run token`). */
export interface AccessTokenRequest {
  identity: string;
  room: string;
  /** @default 3600 */
  ttlSeconds?: number;
  name?: string;
  metadata?: unknown;
  grants?: Partial<Grants>;
}

/** Tokens valid for longer than this are refused: a leaked token must expire on its own. */
export const maxTokenLifetimeSeconds = 24 * 3600;
/** Clocks of the minting backend and this server may differ by this much. */
const clockToleranceSeconds = 5;
const maxLabel = 128;
const maxName = 256;

/** Three base64url parts: a bearer value of this shape is read as a token, anything else as a secret. */
export function looksLikeToken(bearer: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(bearer);
}

/** The app a token claims to be from (`iss`), read before its signature can be checked with that app's secret. */
export function tokenIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'HS256') throw new SfuError('unauthorized', `access tokens are signed HS256, this one says ${JSON.stringify(header.alg)}`);
    payload = decodeJwt(token);
  } catch (error) {
    if (error instanceof SfuError) throw error;
    throw new SfuError('unauthorized', `malformed access token: ${(error as Error).message}`);
  }
  if (typeof payload.iss !== 'string' || payload.iss === '') throw new SfuError('unauthorized', 'malformed access token: it has no "iss" (the app id)');
  return payload.iss;
}

/**
 * Verifies a token of `appId` with the app's secret (its UTF-8 bytes; after a rotation, the
 * retired secrets still in their grace are tried next) and reads its claims; every refusal is
 * `unauthorized` with a message that says which check failed.
 */
export async function verifyAccessToken(token: string, appId: string, keys: Uint8Array | readonly Uint8Array[], limits: MetadataLimits): Promise<Participant> {
  const candidates = keys instanceof Uint8Array ? [keys] : keys;
  let failure: unknown = new errors.JWSSignatureVerificationFailed();
  for (const key of candidates) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: appId,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: clockToleranceSeconds,
      }));
    } catch (error) {
      failure = error;
      // Only a signature another key may verify is worth another try; an expired token is expired.
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      break;
    }
    return participantOf(payload, appId, limits);
  }
  throw new SfuError('unauthorized', refusal(failure, appId));
}

/** Signs a token for `request` with the app's secret. */
export async function mintAccessToken(appId: string, key: Uint8Array, request: AccessTokenRequest, limits: MetadataLimits): Promise<{ token: string; expiresAt: Date }> {
  const ttl = request.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > maxTokenLifetimeSeconds) {
    throw new SfuError('invalid_params', `ttlSeconds must be an integer from 1 to ${maxTokenLifetimeSeconds}, got ${ttl}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = { room: request.room, grants: { ...defaultGrants, ...request.grants } };
  if (request.name !== undefined) claims['name'] = request.name;
  if (request.metadata !== undefined) claims['metadata'] = request.metadata;
  const payload = { iss: appId, sub: request.identity, iat: now, exp: now + ttl, ...claims };
  // The same checks a holder's token will meet, so no minted token is refused later.
  participantOf(payload, appId, limits, (message) => new SfuError('invalid_params', message));
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(appId)
    .setSubject(request.identity)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(key);
  return { token, expiresAt: new Date((now + ttl) * 1000) };
}

const defaultGrants: Grants = { canPublish: true, canSubscribe: true, canPublishData: true };

/** The participant a token's claims describe; `fail` makes the error for a bad claim (a refused token, or a refused mint). */
function participantOf(payload: JWTPayload, appId: string, limits: MetadataLimits, fail = invalidClaim): Participant {
  const identity = label(payload.sub, 'sub (the participant identity)', fail);
  const room = label(payload['room'], 'room', fail);
  const exp = payload.exp!;
  const start = payload.nbf ?? payload.iat ?? Math.floor(Date.now() / 1000);
  if (exp - start > maxTokenLifetimeSeconds) {
    throw fail(`the access token is valid for ${exp - start} s; at most ${maxTokenLifetimeSeconds} s (24 h) are accepted`);
  }
  const participant: Participant = { appId, identity, room, grants: grantsOf(payload['grants'], fail), expiresAt: new Date(exp * 1000) };
  const name = payload['name'];
  if (name !== undefined) {
    if (typeof name !== 'string' || name.length > maxName) throw fail(`"name" must be a string of at most ${maxName} characters`);
    participant.name = name;
  }
  if (payload['metadata'] !== undefined) {
    try {
      checkMetadata(payload['metadata'], limits);
    } catch (error) {
      throw fail(`"metadata": ${(error as Error).message}`);
    }
    participant.metadata = payload['metadata'];
  }
  return participant;
}

function label(value: unknown, what: string, fail: (message: string) => SfuError): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > maxLabel) {
    throw fail(`${what} must be a string of 1 to ${maxLabel} characters`);
  }
  return value;
}

function grantsOf(value: unknown, fail: (message: string) => SfuError): Grants {
  if (value === undefined) return { ...defaultGrants };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('"grants" must be an object');
  const grants = { ...defaultGrants };
  for (const [name, granted] of Object.entries(value)) {
    if (!(grantNames as readonly string[]).includes(name)) throw fail(`unknown grant "${name}" (known: ${grantNames.join(', ')})`);
    if (typeof granted !== 'boolean') throw fail(`grant "${name}" must be true or false`);
    grants[name as keyof Grants] = granted;
  }
  return grants;
}

/** A claim that makes the token unusable. */
function invalidClaim(message: string): SfuError {
  return new SfuError('unauthorized', `invalid access token: ${message}`);
}

/** Says which check a token failed, in words a developer can act on. */
function refusal(error: unknown, appId: string): string {
  if (error instanceof errors.JWTExpired) return `the access token expired at ${isoDate(error.payload.exp)}`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return `the access token is not valid before ${isoDate(error.payload.nbf)}`;
    if (error.claim === 'iss') return `the access token was issued for app ${JSON.stringify(error.payload.iss)}, not ${appId}`;
    if (error.claim === 'exp') return 'invalid access token: it has no "exp" (tokens must expire, within 24 h)';
    if (error.claim === 'sub') return 'invalid access token: it has no "sub" (the participant identity)';
    return `invalid access token: claim "${error.claim}" ${error.reason}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return `the access token's signature does not verify with the secret of app ${appId}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'access tokens are signed HS256';
  return `malformed access token: ${(error as Error).message}`;
}

function isoDate(seconds: unknown): string {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
}
