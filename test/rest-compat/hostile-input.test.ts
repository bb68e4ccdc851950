import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { offerWithAudioSections } from '../helpers/offers.js';

/** Inputs and request patterns a hostile client uses: each gets the contract's error, and nobody else notices. */
const [one, two] = testApps;

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

describe('paths, bodies and metadata', () => {
  let sfu: RunningSfu;
  let client: CallsClient;

  beforeAll(async () => {
    sfu = await startSfu({ limits: { maxBodyBytes: 256 * 1024, maxTracksPerSession: 8, maxSectionsPerSession: 8 } });
    client = new CallsClient(sfu.url, one.id, one.secret);
  });
  afterAll(() => sfu?.stop());

  it('a malformed %-escape in an id is a 400 decoding_error, not a 500', async () => {
    const app = await json(await fetch(`${sfu.url}/v1/apps/%E0%A4%A/sessions/new`, { method: 'POST' }));
    expect(app).toMatchObject({ status: 400, body: { errorCode: 'decoding_error', errorDescription: expect.stringMatching(/%-escape/) } });
    const session = await json(await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/%E0%A4%A`, { headers: { Authorization: `Bearer ${one.secret}` } }));
    expect(session).toMatchObject({ status: 400, body: { errorCode: 'decoding_error' } });
  });

  it('an empty app id, and any unknown path under /v1, answer 404 in the contract shape', async () => {
    for (const path of ['/v1/apps//sessions/new', '/v1/apps', '/v1/turn/keys', '/apps/']) {
      const result = await json(await fetch(`${sfu.url}${path}`, { method: 'POST' }));
      expect(result, path).toMatchObject({ status: 404, type: expect.stringContaining('application/json'), body: { errorCode: 'not_found', errorDescription: expect.any(String) } });
    }
  });

  it('a chunked body over the limit gets 413 as soon as the limit is passed, while it is still being sent', async () => {
    const url = new URL(`${sfu.url}/v1/apps/${one.id}/sessions/new`);
    const req = httpRequest(url, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}`, 'Transfer-Encoding': 'chunked' } });
    req.on('error', () => {});
    let status: number | undefined;
    let bodyText = '';
    const answered = new Promise<void>((resolve) =>
      req.on('response', (res) => {
        status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (bodyText += chunk));
        res.on('end', resolve);
      }),
    );
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    // Up to 32 MB, stopping as soon as the answer is in: it must come long before the body ends.
    while (status === undefined && sent < 32 * 1024 * 1024) {
      if (!req.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 2));
      sent += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await answered;
    expect(req.writableEnded).toBe(false);
    expect(status).toBe(413);
    expect(JSON.parse(bodyText)).toMatchObject({ errorCode: 'payload_too_large', errorDescription: 'the body is larger than 262144 bytes' });
    // Answered within a few chunks of the 256 KB limit (the socket's buffers hold the rest in flight).
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    // The client goes on sending; the server discards it and keeps serving others.
    for (let i = 0; i < 256 && !req.destroyed; i++) if (!req.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 2));
    req.destroy();
    expect((await client.call('POST', '/sessions/new')).status).toBe(201);
  });

  it('metadata nested 100,000 deep, or larger than 16 KB, is refused; the app\'s presence queries keep working', async () => {
    // Written as text: JSON.stringify itself cannot go that deep.
    const deep = `${'{"d":'.repeat(100_000)}"leaf"${'}'.repeat(100_000)}`;
    const graphql = async (query: string, variables?: unknown) => {
      const response = await fetch(`${sfu.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as { data?: Record<string, { __typename?: string; code?: string; message?: string }>; errors?: unknown[] } };
    };
    const create = 'mutation($m: JSON) { createSession(input: { metadata: $m }) { __typename ... on Error { message } ... on SfuError { code } } }';
    // The 100,000-deep value is ~600 KB of JSON: within a larger body limit only for this call.
    const wide = await startSfu({ limits: { maxBodyBytes: 4 * 1024 * 1024 } });
    try {
      const response = await fetch(`${wide.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: `{"query": ${JSON.stringify(create)}, "variables": {"m": ${deep}}}`,
      });
      const body = (await response.json()) as { data: { createSession: { code: string; message: string } } };
      expect(body.data.createSession).toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/nested deeper than 16/) });
      const list = await fetch(`${wide.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: JSON.stringify({ query: '{ sessions { sessions { metadata } } }' }),
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { errors?: unknown }).errors).toBeUndefined();
    } finally {
      await wide.stop();
    }
    const large = await graphql(create, { m: { text: 'x'.repeat(17_000) } });
    expect(large.body.data?.['createSession']).toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/more than 16384 bytes/) });
    const fine = await graphql(create, { m: { name: 'Ada', tags: ['a', 'b'] } });
    expect(fine.body.data?.['createSession']?.__typename).toBe('CreateSessionPayload');
  });

  it('an offer with more m-sections than a session may have is refused before it is answered', async () => {
    const result = await client.call('POST', '/sessions/new', { sessionDescription: offerWithAudioSections(9) });
    expect(result).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/at most 8 m-sections/) } });
  });

  it('a malformed Host header, and requests Node cannot parse, answer 400 in the contract shape', async () => {
    const url = new URL(sfu.url);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
        let answer = '';
        socket.on('data', (chunk) => (answer += String(chunk)));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    const badHost = await raw(`POST /v1/apps/${one.id}/sessions/new HTTP/1.1\r\nHost: a b\r\nAuthorization: Bearer ${one.secret}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(badHost).toMatch(/^HTTP\/1\.1 400 /);
    expect(badHost).toMatch(/"errorCode":"decoding_error"/);
    expect(badHost).not.toMatch(/at \S+\.ts:/);
    const badLength = await raw(`POST /v1/apps/${one.id}/sessions/new HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`);
    expect(badLength).toMatch(/^HTTP\/1\.1 400 /);
    expect(badLength).toMatch(/"errorCode":"decoding_error"/);
  });

  it('a room or correlationId is a bounded label', async () => {
    const graphql = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ query: 'mutation($r: String) { createSession(input: { room: $r }) { ... on SfuError { code message } } }', variables: { r: 'r'.repeat(129) } }),
    });
    expect(((await graphql.json()) as { data: { createSession: { code: string } } }).data.createSession).toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/room may have at most 128/) });
    const rest = await client.call('POST', `/sessions/new?correlationId=${'c'.repeat(257)}`);
    expect(rest).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/correlationId may have at most 256/) } });
  });

  it('autoDiscover counts the tracks it would publish against the per-request limit', async () => {
    const { sessionId } = await client.newSession();
    const result = await client.call('POST', `/sessions/${sessionId}/tracks/new`, { sessionDescription: offerWithAudioSections(70), autoDiscover: true });
    expect(result).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/at most 64 tracks, got 70/) } });
    const state = await client.call<{ tracks: unknown[] }>('GET', `/sessions/${sessionId}`);
    expect(state.body.tracks).toEqual([]);
  });

  it('a session may not pass its open-track limit, discovered tracks included', async () => {
    const { sessionId } = await client.newSession();
    const result = await client.call('POST', `/sessions/${sessionId}/tracks/new`, { sessionDescription: offerWithAudioSections(9), autoDiscover: true });
    expect(result).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/limit of 8/) } });
    const within = await client.call<{ tracks: { trackName: string; errorCode?: string }[] }>('POST', `/sessions/${sessionId}/tracks/new`, {
      sessionDescription: offerWithAudioSections(8),
      autoDiscover: true,
    });
    expect(within.status).toBe(200);
    expect(within.body.tracks).toHaveLength(8);
    expect(within.body.tracks.filter((t) => t.errorCode)).toEqual([]);
  });
});

describe('per-app quotas on shared capacity', () => {
  let sfu: RunningSfu;

  beforeAll(async () => {
    // Seven media ports in all (a session takes one UDP and one TCP port); each app may hold four sessions.
    sfu = await startSfu({
      limits: { maxSessionsPerApp: 4, sessionsPerSecondPerApp: 10_000 },
      media: { workers: 1, listenIp: '127.0.0.1', rtcMinPort: 47_310, rtcMaxPort: 47_316 },
    });
  });
  afterAll(() => sfu?.stop());

  const newSession = async (app: (typeof testApps)[number]) =>
    json(await fetch(`${sfu.url}/v1/apps/${app.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${app.secret}` } }));

  it('one app cannot take every media port: past its quota it gets 406, the other app still gets sessions, and an exhausted server says 503', async () => {
    for (let i = 0; i < 4; i++) expect((await newSession(one)).status).toBe(201);
    expect(await newSession(one)).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/4 live sessions/) } });
    const results = [];
    for (let i = 0; i < 4; i++) {
      const result = await newSession(two);
      results.push(result);
      if (result.status !== 201) break;
    }
    const created = results.filter((r) => r.status === 201).length;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(3);
    expect(results.at(-1)).toMatchObject({ status: 503, body: { errorCode: 'temporarily_unavailable_error' } });
    expect(sfu.pool.leastLoaded().closed).toBe(false);
  });
});

describe('per-app session creation rate', () => {
  let sfu: RunningSfu;
  beforeAll(async () => {
    sfu = await startSfu({ limits: { sessionsPerSecondPerApp: 3 } });
  });
  afterAll(() => sfu?.stop());

  it('past its rate an app gets 429 with Retry-After; another app is not slowed', async () => {
    const call = (app: (typeof testApps)[number]) => fetch(`${sfu.url}/v1/apps/${app.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${app.secret}` } });
    for (let i = 0; i < 3; i++) expect((await call(one)).status).toBe(201);
    const refused = await call(one);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ errorCode: 'too_many_requests' });
    expect((await call(two)).status).toBe(201);
  });
});
