import { testApps } from '../../helpers/sfu.js';
import { body, contentTypes, offer, validBodies } from './bodies.js';
import { jsonText, mangleSdp, mutate, Raw, toJson, type Rng } from './random.js';
import type { FuzzCase, FuzzRequest, Targets } from './types.js';

/* REST requests: one fuzzed request on any route, or a short sequence on a session of its own. */

const [one, two] = testApps;

const restRoutes: { method: string; tail: string; body?: keyof typeof validBodies }[] = [
  { method: 'POST', tail: '/sessions/new', body: 'newSession' },
  { method: 'POST', tail: '/sessions/:id/tracks/new', body: 'addTracks' },
  { method: 'PUT', tail: '/sessions/:id/renegotiate', body: 'renegotiate' },
  { method: 'PUT', tail: '/sessions/:id/tracks/update', body: 'updateTracks' },
  { method: 'PUT', tail: '/sessions/:id/tracks/close', body: 'closeTracks' },
  { method: 'POST', tail: '/sessions/:id/datachannels/establish', body: 'establish' },
  { method: 'POST', tail: '/sessions/:id/datachannels/new', body: 'newDataChannels' },
  { method: 'PUT', tail: '/sessions/:id/datachannels/update', body: 'updateDataChannels' },
  { method: 'PUT', tail: '/sessions/:id/datachannels/close', body: 'closeDataChannels' },
  { method: 'GET', tail: '/sessions/:id' },
];
const oddAppIds = ['app-two', '', 'no-such-app', 'APP-ONE', '%ZZ', '%', '%E0%A4%A', 'app%2Done', 'app-one%00', 'a'.repeat(2_000), '%2e%2e'];
export const oddSessionSegments = ['', '%ZZ', '%E0%A4%A', '%', 'new', '..%2F', '%2F', 'x'.repeat(3_000), '__proto__'];
const oddTails = ['', '/', '/sessions', '/sessions/', '/sessions/:id/tracks', '/sessions/:id/datachannels', '/sessions/:id/tracks/new/extra', '/sessions//tracks/new', '/sessions/:id//'];
const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/**
 * Mostly app-one's secret where the path names app-one; else a wrong one. app-two's secret only
 * on app-one's paths, where it is wrong: the fuzz never acts as app-two.
 */
export function authHeader(rng: Rng, appId: string | undefined): string | undefined {
  if (appId === one.id && rng.chance(0.8)) return rng.chance(0.9) ? `Bearer ${one.secret}` : `bearer   ${one.secret} `;
  const wrong = [undefined, '', 'Bearer', 'Bearer ', `Basic ${one.secret}`, `Bearer ${rng.hex(24)}`, `Bearer ${'x'.repeat(4_000)}`, one.secret];
  return rng.pick(appId === one.id ? [...wrong, `Bearer ${two.secret}`] : wrong);
}

export function restRequest(t: Targets, rng: Rng): FuzzRequest {
  const route = rng.pick(restRoutes);
  const appId = rng.chance(0.85) ? one.id : rng.pick(oddAppIds);
  const sessionSegment = rng.chance(0.8) ? rng.pick(t.pathSessions) : rng.chance(0.5) ? rng.hex(32) : rng.pick(oddSessionSegments);
  const tail = (rng.chance(0.06) ? rng.pick(oddTails) : route.tail).replace(':id', sessionSegment);
  const query = rng.chance(0.1) ? rng.pick(['?correlationId=fuzz', '?thirdparty=true', '?%zz=%', `?correlationId=${'c'.repeat(3_000)}`, '?thirdparty=1&thirdparty=true']) : '';
  const method = rng.chance(0.85) ? route.method : rng.chance(0.3) && route.method === 'PUT' ? 'POST' : rng.pick(methods);
  const headers: Record<string, string> = {};
  const auth = authHeader(rng, appId);
  if (auth !== undefined) headers['Authorization'] = auth;
  const contentType = rng.pick(contentTypes);
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  const request: FuzzRequest = { method, path: `${rng.chance(0.7) ? '/v1' : ''}/apps/${appId}${tail}${query}`, headers };
  if (method !== 'GET' && method !== 'OPTIONS') {
    const payload = body(route.body ? validBodies[route.body]!(t, rng) : undefined, rng);
    if (payload !== undefined) request.body = payload;
    if (rng.chance(0.05)) request.chunked = true;
  }
  return request;
}

// ---- Sequences on a fresh session ---------------------------------------------------------------

export const sessionMarker = '@@session@@';
export const answerMarker = '"@@answer@@"';

/** A plausible client answer to an SFU offer, sometimes mangled: reaches the answer-applying code. */
export function answerTo(sfuOffer: string, rng: Rng): string {
  const answer = sfuOffer
    .replace(/a=(ice-lite|end-of-candidates)\r\n/g, '')
    .replace(/a=candidate:[^\r\n]*\r\n/g, '')
    .replace(/a=setup:actpass/g, 'a=setup:active')
    .replace(/a=ice-ufrag:[^\r\n]*/g, 'a=ice-ufrag:fuzz')
    .replace(/a=ice-pwd:[^\r\n]*/g, 'a=ice-pwd:fuzzfuzzfuzzfuzzfuzzfuzz')
    .replace(/a=(sendonly|recvonly)/g, (_, direction: string) => (direction === 'sendonly' ? 'a=recvonly' : 'a=sendonly'));
  return rng.chance(0.5) ? answer : mangleSdp(answer, rng);
}

/**
 * A new session, then one fuzzed step that needs a session of its own (pull the live publisher,
 * publish, establish DataChannels), then one on what that left (answer the SFU offer, update,
 * close...): the paths a shared, busy or half-negotiated session never reaches.
 */
export function sequence(t: Targets, rng: Rng): FuzzCase {
  const base = `${rng.chance(0.7) ? '/v1' : ''}/apps/${one.id}/sessions`;
  const headers = { Authorization: `Bearer ${one.secret}` };
  const light = (valid: unknown) => (rng.chance(0.5) ? toJson(valid) : jsonText(mutate(valid, rng), rng));
  const step = (method: string, tail: string, valid?: unknown): FuzzRequest => ({
    method,
    path: `${base}/${sessionMarker}${tail}`,
    headers,
    ...(valid === undefined ? {} : { body: light(valid) }),
  });
  const pullSource = () => ({
    tracks: t.source.tracks.slice(0, 1 + rng.int(2)).map((trackName) => ({
      location: 'remote', sessionId: t.source.sessionId, trackName, ...(rng.chance(0.3) ? { simulcast: { preferredRid: rng.pick(['h', 'l', '']) } } : {}),
    })),
  });
  const create: FuzzRequest = { method: 'POST', path: `${base}/new`, headers, ...(rng.chance(0.3) ? { body: toJson({ sessionDescription: offer(rng) }) } : {}) };
  const second = rng.pick<() => FuzzRequest>([
    () => step('POST', '/tracks/new', pullSource()),
    () => step('POST', '/tracks/new', pullSource()),
    () => step('POST', '/tracks/new', validBodies['addTracks']!(t, rng)),
    () => step('POST', '/datachannels/establish', validBodies['establish']!(t, rng)),
  ])();
  const third = rng.pick<() => FuzzRequest>([
    () => step('PUT', '/renegotiate', { sessionDescription: { type: 'answer', sdp: new Raw(answerMarker) } }),
    () => step('PUT', '/renegotiate', { sessionDescription: { type: 'answer', sdp: new Raw(answerMarker) } }),
    () => step('PUT', '/tracks/update', validBodies['updateTracks']!(t, rng)),
    () => step('PUT', '/tracks/close', validBodies['closeTracks']!(t, rng)),
    () => step('POST', '/datachannels/new', validBodies['newDataChannels']!(t, rng)),
    () => step('GET', ''),
  ])();
  return { steps: [create, second, third], answerSeed: rng.int(2 ** 32) };
}
