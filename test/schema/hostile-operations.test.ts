import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { offerWithAudioSections } from '../helpers/offers.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

/** GraphQL requests and WebSocket frames made to cost the server: each is refused early, in the contract's shape. */
const [one, two] = testApps;
let sfu: RunningSfu;

beforeAll(async () => {
  sfu = await startSfu({
    graphql: { maxSubscriptionsPerApp: 5, maxSubscriptionsPerConnection: 3, connectionInitTimeoutMs: 500, maxFields: 300 },
  });
});

afterAll(async () => {
  await sfu?.stop();
});

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POST /graphql as a spec client (so validation errors are 400); `secret: null` sends none. */
async function graphql(query: string, { secret = one.secret, variables }: { secret?: string | null; variables?: unknown } = {}): Promise<{ status: number; body: GraphQLBody; headers: Headers }> {
  const response = await fetch(`${sfu.url}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json',
      Origin: 'https://attacker.example',
      ...(secret !== null ? { Authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody, headers: response.headers };
}

/** A graphql-ws connection over `ws`, recording every message and the close. */
async function wsConnection(params: Record<string, unknown> = { secret: one.secret }) {
  const socket = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: params }));
  const until = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`no such message within ${timeoutMs} ms: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await until(() => messages.some((m) => m.type === 'connection_ack'));
  return { socket, messages, closed, until };
}

const aliased = `{ ${Array.from({ length: 2_836 }, (_, i) => `a${i}: app { id name }`).join(' ')} }`;
const deep = `{ ${'sessions { sessions { tracks { publisher { '.repeat(1_250)}sessionId${' } } } }'.repeat(1_250)} }`;
const huge = `subscription { events { ${Array.from({ length: 110_000 }, () => 'seq').join(' ')} } }`;

describe('bounded GraphQL work', () => {
  it('a 2,836-alias query, a selection 5,000 deep and a 110,000-field subscription are refused before they run, while another app works', async () => {
    const attacks = Promise.all([graphql(aliased), graphql(deep), graphql(huge)]);
    const other = await fetch(`${sfu.url}/v1/apps/${two.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${two.secret}` } });
    expect(other.status).toBe(201);
    const [a, d, h] = await attacks;
    for (const result of [a, d, h]) {
      expect(result.status).toBe(400);
      expect(result.body.data ?? undefined).toBeUndefined();
      expect(result.body.errors?.[0]?.extensions?.code).toBe('invalid_params');
    }
    expect(a.body.errors?.[0]?.message).toMatch(/tokens/);
    expect(h.body.errors?.[0]?.message).toMatch(/tokens/);
  });

  it('refuses too many aliases and too deep a selection within the token limit', async () => {
    const aliases = await graphql(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: app { id }`).join(' ')} }`);
    expect(aliases.status).toBe(400);
    expect(aliases.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Aliases limit of 30/), extensions: { code: 'invalid_params' } });
    const depth = await graphql(`{ ${'sessions { sessions { tracks { publisher { '.repeat(3)}sessionId${' } } } }'.repeat(3)} }`);
    expect(depth.status).toBe(400);
    expect(depth.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/depth limit of 10/), extensions: { code: 'invalid_params' } });
  });

  it('a shallow query that multiplies lists (tracks of publishers of tracks ...) stops at the field budget with one error', async () => {
    const created = (await (await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } })).json()) as { sessionId: string };
    const published = await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/${created.sessionId}/tracks/new`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ sessionDescription: offerWithAudioSections(12), autoDiscover: true }),
    });
    expect(published.status).toBe(200);
    // 12 x 12 x 12 track names: within depth, alias and cost limits, past 300 resolved fields.
    const multiplied = await graphql('{ sessions { sessions { tracks { publisher { tracks { publisher { tracks { trackName } } } } } } } }');
    expect(multiplied.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/more than 300 fields/), extensions: expect.objectContaining({ code: 'invalid_params' }) }),
    ]);
    const modest = await graphql('{ sessions { sessions { tracks { trackName publisher { sessionId } } } } }');
    expect(modest.body.errors).toBeUndefined();
  });

  it('GET parameters that are not JSON, and bodies that are not JSON, are refused with decoding_error', async () => {
    const get = await fetch(`${sfu.url}/graphql?query=%7B__typename%7D&variables=%7Bbad`, { headers: { Authorization: `Bearer ${one.secret}` } });
    expect(get.status).toBe(400);
    expect(await get.json()).toMatchObject({ errors: [{ extensions: { code: 'decoding_error' } }] });
    const form = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${one.secret}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ errors: [{ extensions: { code: 'decoding_error' } }] });
  });

  it('introspection still works (GraphiQL, codegen and client tools need it)', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const result = await graphql(getIntrospectionQuery());
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });

  it('a request without the secret gets 401 before its document is parsed or validated: no syntax errors, no suggestions', async () => {
    for (const query of ['{ sesions { seq } }', '{ broken', aliased]) {
      const result = await graphql(query, { secret: null });
      expect(result.status).toBe(401);
      expect(result.body.errors).toEqual([{ message: expect.stringMatching(/bearer token/), extensions: { code: 'unauthorized' } }]);
    }
    const wrong = await graphql('{ sesions { seq } }', { secret: 'not-a-secret-at-all' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toMatch(/Did you mean/);
  });

  it('every syntax and validation error carries a contract code', async () => {
    const syntax = await graphql('{ broken');
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('decoding_error');
    const unknown = await graphql('{ sesions { seq } }');
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('invalid_params');
  });

  it('answers any origin without credentials: bearer auth needs no cookies', async () => {
    const result = await graphql('{ app { id } }');
    expect(result.headers.get('access-control-allow-credentials')).not.toBe('true');
    const preflight = await fetch(`${sfu.url}/graphql`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-credentials')).not.toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});

describe('suggestions in production', () => {
  it('hides "Did you mean" from everyone when suggestions are off', async () => {
    const quiet = await startSfu({ graphql: { suggestions: false } });
    try {
      const response = await fetch(`${quiet.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: JSON.stringify({ query: '{ sesions { seq } }' }),
      });
      const body = (await response.json()) as GraphQLBody;
      expect(body.errors?.[0]?.message).toMatch(/Cannot query field "sesions"/);
      expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    } finally {
      await quiet.stop();
    }
    const chatty = await graphql('{ sesions { seq } }');
    expect(chatty.body.errors?.[0]?.message).toMatch(/Did you mean "sessions"/);
  });
});

describe('bounded WebSocket frames and protocol errors', () => {
  it('an oversized frame before connection_init is refused from its header, without buffering it', async () => {
    const before = process.memoryUsage().rss;
    const url = new URL(sfu.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    const handshake = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(String(handshake)).toMatch(/^HTTP\/1\.1 101 /);
    // A masked text frame announcing 48 MB, then zeros from one reused 64 KB chunk until the server hangs up.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(48n * 1024n * 1024n, 2);
    let sent = 0;
    let ended = false;
    socket.on('close', () => (ended = true));
    socket.on('error', () => (ended = true));
    socket.write(header);
    const chunk = Buffer.alloc(64 * 1024);
    while (!ended && sent < 48 * 1024 * 1024) {
      if (!socket.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 5));
      sent += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.destroy();
    expect(ended).toBe(true);
    expect(sent).toBeLessThan(48 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('a connection that never sends connection_init is closed with 4408', async () => {
    const socket = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = await new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    expect(closed).toBe(4408);
  });

  it('a syntax error or a too-deep document gets an error message; a client "next" closes with 4400 and no internals', async () => {
    const ws = await wsConnection();
    ws.socket.send(JSON.stringify({ id: 'a', type: 'subscribe', payload: { query: 'subscription { events { ' } }));
    ws.socket.send(JSON.stringify({ id: 'b', type: 'subscribe', payload: { query: deep } }));
    await ws.until(() => ws.messages.filter((m) => m.type === 'error').length === 2);
    const errors = ws.messages.filter((m) => m.type === 'error').map((m) => (m.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code);
    expect(errors.sort()).toEqual(['decoding_error', 'invalid_params']);
    ws.socket.send(JSON.stringify({ id: 'c', type: 'next', payload: {} }));
    const { code, reason } = await ws.closed;
    expect(code).toBe(4400);
    expect(reason).toBe('Unexpected message of type next from a client');
  });
});

describe('subscription quotas and tenant isolation', () => {
  it('a connection may run 3 operations (live subscriptions included) and an app hold 5 subscriptions: the next gets invalid_params; ending one frees its slot', async () => {
    const first = await wsConnection();
    for (const id of ['1', '2', '3', '4']) first.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { events { seq } }' } }));
    await first.until(() => first.messages.some((m) => m.id === '4' && m.type === 'error'));
    const refused = first.messages.find((m) => m.id === '4' && m.type === 'error')?.payload as { message: string; extensions: { code: string } }[];
    expect(refused[0]).toMatchObject({ message: expect.stringMatching(/this connection already has 3 operations running/), extensions: { code: 'invalid_params' } });
    const second = await wsConnection();
    for (const id of ['1', '2', '3']) second.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { events { seq } }' } }));
    await second.until(() => second.messages.some((m) => m.id === '3' && m.type === 'next'));
    const overApp = second.messages.find((m) => m.id === '3' && m.type === 'next')?.payload as { errors: { message: string }[] };
    expect(overApp.errors[0]?.message).toMatch(/app app-one already has 5 live subscriptions/);
    // Another app is not counted against this one.
    const other = await wsConnection({ secret: two.secret });
    other.socket.send(JSON.stringify({ id: 'x', type: 'subscribe', payload: { query: 'subscription { events { seq } }' } }));
    first.socket.send(JSON.stringify({ id: '1', type: 'complete' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    second.socket.send(JSON.stringify({ id: '9', type: 'subscribe', payload: { query: 'subscription { events { seq } }' } }));
    await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } });
    await fetch(`${sfu.url}/v1/apps/${two.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${two.secret}` } });
    await second.until(() => second.messages.some((m) => m.id === '9' && m.type === 'next'));
    expect((second.messages.find((m) => m.id === '9' && m.type === 'next')?.payload as GraphQLBody).errors).toBeUndefined();
    await other.until(() => other.messages.some((m) => m.id === 'x' && m.type === 'next'));
    expect((other.messages.find((m) => m.id === 'x')?.payload as GraphQLBody).errors).toBeUndefined();
    for (const ws of [first, second, other]) ws.socket.close();
    await Promise.all([first.closed, second.closed, other.closed]);
  });

  it('an aborted SSE subscription gives its slot back at once', async () => {
    const open = (signal?: AbortSignal) =>
      fetch(`${sfu.url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${one.secret}` },
        body: JSON.stringify({ query: 'subscription { events { seq } }' }),
        ...(signal ? { signal } : {}),
      });
    /** The first `data:` line of a stream, or undefined when none comes within a short wait. */
    const firstData = async (response: Response): Promise<string | undefined> => {
      const reader = response.body!.getReader();
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 300));
      let text = '';
      for (;;) {
        const read = await Promise.race([reader.read(), timeout]);
        if (!read || read.done) break;
        text += new TextDecoder().decode(read.value);
        const line = text.split('\n').find((l) => l.startsWith('data:'));
        if (line) return line;
      }
      await reader.cancel().catch(() => {});
      return undefined;
    };
    const aborts = Array.from({ length: 5 }, () => new AbortController());
    const held = await Promise.all(aborts.map((a) => open(a.signal)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await firstData(await open())).toMatch(/already has 5 live subscriptions/);
    for (const abort of aborts) abort.abort();
    await Promise.all(held.map((r) => r.body?.cancel().catch(() => {})));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await open();
    expect(await firstData(again)).toBeUndefined();
  });

  it('an app may hold as many graphql-ws connections as subscriptions (5 here): the next is closed with 1013, another app is not', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => wsConnection()));
    const socket = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { secret: one.secret } }));
    expect(await closed).toEqual({ code: 1013, reason: 'too many connections for this app' });
    const other = await wsConnection({ secret: two.secret });
    for (const ws of held) ws.socket.close();
    await Promise.all(held.map((ws) => ws.closed));
    const again = await wsConnection();
    for (const ws of [other, again]) ws.socket.close();
    await Promise.all([other.closed, again.closed]);
  });

  it("numbers events per app, and refuses to subscribe to another app's session", async () => {
    const seqOf = async (secret: string): Promise<number> => ((await graphql('{ sessions { seq } }', { secret })).body.data as { sessions: { seq: number } }).sessions.seq;
    const twoBefore = await seqOf(two.secret);
    const oneBefore = await seqOf(one.secret);
    const created = (await (await fetch(`${sfu.url}/v1/apps/${two.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${two.secret}` } })).json()) as { sessionId: string };
    for (let i = 0; i < 5; i++) await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } });
    expect(await seqOf(two.secret)).toBe(twoBefore + 1);
    expect(await seqOf(one.secret)).toBe(oneBefore + 5);

    const ws = await wsConnection();
    ws.socket.send(JSON.stringify({ id: 's', type: 'subscribe', payload: { query: `subscription { events(sessionId: "${created.sessionId}") { seq } }` } }));
    await ws.until(() => ws.messages.some((m) => m.id === 's' && (m.type === 'next' || m.type === 'error')));
    const answer = ws.messages.find((m) => m.id === 's')!.payload as GraphQLBody;
    expect(answer.errors?.[0]?.extensions?.code).toBe('not_found');
    ws.socket.close();
    await ws.closed;
  });
});
