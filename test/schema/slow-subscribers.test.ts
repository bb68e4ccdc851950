import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

/**
 * Subscribers that stop reading, or are refused, while their app's events keep coming: the
 * process must live, the others must get every event in order, and the stalled ones must be cut
 * off with an error that tells them how to resume.
 */
const [one] = testApps;
const BUFFER = 200;
// Each slow subscriber asks for the session's 8 KB metadata under many aliases: big answers fill
// the socket's buffers after a few dozen events, so the server's own buffer is what fills next.
const METADATA = { note: 'x'.repeat(8_000) };
const bigSelection = Array.from({ length: 25 }, (_, i) => `m${i}: session { metadata }`).join(' ');
const slowQuery = `subscription { events { seq ${bigSelection} } }`;
const fastQuery = 'subscription { events { seq __typename } }';

let sfu: RunningSfu;

beforeAll(async () => {
  sfu = await startSfu({
    timing: { connectTimeoutMs: 1_500 },
    limits: { sessionsPerSecondPerApp: 100_000, maxSessionsPerApp: 100_000 },
    graphql: { subscriberBuffer: BUFFER },
  });
});

afterAll(async () => {
  await sfu?.stop();
});

/** GraphQL createSession through the server's fetch (no socket), with metadata that makes events big. */
async function createSessions(count: number): Promise<void> {
  const mutation = 'mutation($m: JSON) { createSession(input: { metadata: $m }) { __typename } }';
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async () => {
        const response = await sfu.fetch(
          new Request('http://sfu.test/graphql', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
            body: JSON.stringify({ query: mutation, variables: { m: METADATA } }),
          }),
        );
        expect(response.status).toBe(200);
        await response.text();
      }),
    );
  }
}

/**
 * An SSE subscription whose reader is paused from the start; `drain()` resumes and reads until the
 * server ends the stream, or until `enough` says the text has what the test waits for.
 */
function stalledSse(query: string): Promise<{ drain(enough?: (text: string) => boolean): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = httpRequest(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${one.secret}`, 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      res.pause();
      resolve({
        drain: (enough = () => false) =>
          new Promise((done, fail) => {
            let text = '';
            const finish = (): void => {
              clearTimeout(timer);
              res.destroy();
              done(text);
            };
            const timer = setTimeout(() => fail(new Error(`the SSE stream neither ended nor had enough after 20 s: ${text.slice(-300)}`)), 20_000);
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
              if (enough(text)) finish();
            });
            res.on('end', finish);
            res.on('error', fail);
            res.resume();
          }),
      });
    });
    req.end(body);
  });
}

/** A graphql-ws subscription over a raw socket that stops reading once subscribed. */
async function stalledWebSocket(query: string): Promise<{ drain(): Promise<{ messages: { type: string; payload?: unknown }[]; closed: boolean }> }> {
  const socket = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: { type: string; payload?: unknown }[] = [];
  let closed = false;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('close', () => (closed = true));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { secret: one.secret } }));
  await waitUntil(() => messages.some((m) => m.type === 'connection_ack'), 5_000);
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  return {
    drain: async () => {
      raw.resume();
      await waitUntil(() => messages.some((m) => m.type === 'complete' || m.type === 'error') || closed, 20_000);
      socket.close();
      return { messages, closed };
    },
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The seqs of `next` results in an SSE stream, and its errors. */
function parseSse(text: string): { seqs: number[]; errors: { message: string; extensions?: { code?: string } }[] } {
  const seqs: number[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('');
    if (!data) continue;
    const result = JSON.parse(data) as { data?: { events?: { seq: number } }; errors?: typeof errors };
    if (result.data?.events) seqs.push(result.data.events.seq);
    if (result.errors) errors.push(...result.errors);
  }
  return { seqs, errors };
}

describe('slow and abandoned subscribers', () => {
  it('a stalled SSE reader and a stalled graphql-ws reader are cut off with a resumable error; the others get every event in order', async () => {
    const fastSse = await stalledSse(fastQuery); // paused too, but drained at the end: small events fit the buffer
    const fastWs = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const fastSeqs: number[] = [];
    fastWs.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: { data?: { events?: { seq: number } } } };
      if (message.type === 'next' && message.payload?.data?.events) fastSeqs.push(message.payload.data.events.seq);
    });
    await new Promise((resolve) => fastWs.once('open', resolve));
    fastWs.send(JSON.stringify({ type: 'connection_init', payload: { secret: one.secret } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    fastWs.send(JSON.stringify({ id: 'fast', type: 'subscribe', payload: { query: fastQuery } }));

    const slowSse = await stalledSse(slowQuery);
    const slowWs = await stalledWebSocket(slowQuery);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // 1,000 sessions: each is created and, never connecting, leaves after 1.5 s: 2,000 events.
    await createSessions(1_000);
    await waitUntil(() => sfu.service.sessionCount === 0, 20_000);
    const lastSeq = (await (await sfu.fetch(new Request('http://sfu.test/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ query: '{ sessions { seq } }' }),
    }))).json()) as { data: { sessions: { seq: number } } };
    expect(lastSeq.data.sessions.seq).toBeGreaterThanOrEqual(2_000);

    await waitUntil(() => fastSeqs.length >= 2_000, 20_000);
    expect(fastSeqs).toEqual(Array.from({ length: fastSeqs.length }, (_, i) => i + 1));
    fastWs.close();

    const slowSseResult = parseSse(await slowSse.drain());
    expect(slowSseResult.seqs.length).toBeLessThan(2_000);
    expect(slowSseResult.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^subscriber too slow: .* resubscribe with since: \d+$/), extensions: expect.objectContaining({ code: 'retryable_transient_error' }) }),
    ]);
    // Lossless: the since it names is the last event the subscriber got.
    expect(slowSseResult.errors[0]!.message).toContain(`since: ${slowSseResult.seqs.at(-1) ?? 0}`);
    expect(slowSseResult.seqs).toEqual(Array.from({ length: slowSseResult.seqs.length }, (_, i) => i + 1));

    const slowWsResult = await slowWs.drain();
    const nexts = slowWsResult.messages.filter((m) => m.type === 'next');
    const last = nexts.at(-1)?.payload as { errors?: { message: string }[] } | undefined;
    expect(last?.errors?.[0]?.message).toMatch(/^subscriber too slow: .* resubscribe with since: \d+$/);
    expect(nexts.length).toBeLessThan(2_000);

    const fastSseResult = parseSse(await fastSse.drain((text) => parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2)).seqs.length >= 2_000));
    expect(fastSseResult.errors).toEqual([]);
    expect(fastSseResult.seqs.slice(0, 2_000)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
  }, 90_000);

  it('a subscription refused with 406 (sent as plain JSON) holds nothing: a thousand events later the process and the app are fine', async () => {
    const refused = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ query: fastQuery }),
    });
    expect(refused.status).toBe(406);
    await refused.text();
    for (let i = 0; i < 1_100; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const response = await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } });
          expect(response.status).toBe(201);
          await response.text();
        }),
      );
    }
    const alive = await fetch(`${sfu.url}/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } });
    expect(alive.status).toBe(201);
  }, 60_000);
});
