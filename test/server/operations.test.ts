import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SfuEvent } from '../../src/service/index.js';
import { CallsClient } from '../helpers/callsClient.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, publish, type Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

const [appOne] = testApps;

/** One sample of the Prometheus text: the value of `name` with exactly these labels (0 when absent). */
async function sample(sfu: RunningSfu, name: string, labels: Record<string, string> = {}, token?: string): Promise<number> {
  const response = await fetch(`${sfu.url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = (await response.text()).split('\n').find((l) => l.startsWith(wanted ? `${name}{${wanted}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function graphql(sfu: RunningSfu, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${sfu.url}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${appOne.secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('metrics and health', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher | undefined;

  beforeAll(async () => {
    sfu = await startSfu({ metricsToken: 'metrics-token-for-tests' });
    client = new CallsClient(sfu.url, appOne.id, appOne.secret);
  });
  afterAll(async () => {
    closePeers([publisher]);
    await sfu?.stop();
  });

  it('answers /healthz and /readyz with 200 and JSON while workers are up', async () => {
    const health = await fetch(`${sfu.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${sfu.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { workers: { ok: true }, draining: { ok: true } } });
  });

  it('refuses a scrape without the metrics token', async () => {
    expect((await fetch(`${sfu.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${sfu.url}/metrics`, { headers: { Authorization: 'Bearer wrong-token' } })).status).toBe(401);
  });

  it('counts sessions by app up on sessions/new and down after the session closes, and the request by route template', async () => {
    const token = 'metrics-token-for-tests';
    const before = await sample(sfu, 'sfu_sessions', { app: appOne.id }, token);
    const created = await sample(sfu, 'sfu_http_requests_total', { face: 'rest', route: '/v1/apps/:appId/sessions/new', method: 'POST', status: '201' }, token);
    const { sessionId } = await client.newSession();
    expect(await sample(sfu, 'sfu_sessions', { app: appOne.id }, token)).toBe(before + 1);
    expect(await sample(sfu, 'sfu_sessions', { app: testApps[1].id }, token)).toBe(0);
    expect(await sample(sfu, 'sfu_http_requests_total', { face: 'rest', route: '/v1/apps/:appId/sessions/new', method: 'POST', status: '201' }, token)).toBe(created + 1);

    const closed = await graphql(sfu, 'mutation ($id: ID!) { closeSession(sessionId: $id) { __typename } }', { id: sessionId });
    expect(closed['errors']).toBeUndefined();
    expect(await sample(sfu, 'sfu_sessions', { app: appOne.id }, token)).toBe(before);
    expect(await sample(sfu, 'sfu_graphql_operations_total', { type: 'mutation', outcome: 'ok' }, token)).toBeGreaterThanOrEqual(1);
    expect(await sample(sfu, 'sfu_http_requests_total', { face: 'graphql', route: '/graphql', method: 'POST', status: '200' }, token)).toBeGreaterThanOrEqual(1);
  });

  it('counts bytes and RTP packets in, and the published tracks, once a wrtc publisher sends media', async () => {
    const token = 'metrics-token-for-tests';
    publisher = await publish(client, 'metrics');
    expect(await sample(sfu, 'sfu_tracks', { app: appOne.id, location: 'local' }, token)).toBe(2);
    await eventually('bytes and packets in counted', async () => {
      const bytes = await sample(sfu, 'sfu_transport_bytes_total', { app: appOne.id, direction: 'in' }, token);
      const packets = await sample(sfu, 'sfu_rtp_packets_total', { app: appOne.id, direction: 'in' }, token);
      return bytes > 0 && packets > 0;
    }, 30_000, 500);
    expect(await sample(sfu, 'sfu_workers_up', {}, token)).toBe(1);
    expect(await sample(sfu, 'sfu_worker_cpu_seconds_total', { worker: '0' }, token)).toBeGreaterThan(0);
    expect(await sample(sfu, 'sfu_worker_memory_bytes', { worker: '0' }, token)).toBeGreaterThan(0);
  });
});

describe('graceful drain', () => {
  let sfu: RunningSfu;
  afterEach(async () => {
    await sfu?.stop();
  });

  it('turns readiness false and refuses new sessions with 503 while a live session still works, then closes it with reason shutdown at the timeout', async () => {
    sfu = await startSfu({}, undefined);
    const client = new CallsClient(sfu.url, appOne.id, appOne.secret);
    const { sessionId } = await client.newSession();
    const left: SfuEvent[] = [];
    sfu.service.events.on('event', (event) => {
      if (event.type === 'sessionLeft') left.push(event);
    });

    // Long enough to look around; the test ends it by waiting for it, never by timing it.
    const drained = sfu.drain(3_000);
    const ready = await fetch(`${sfu.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { draining: { ok: false } } });
    const refused = await client.call('POST', '/sessions/new');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ errorCode: 'temporarily_unavailable_error' });
    const graphqlRefused = await graphql(sfu, 'mutation { createSession { __typename ... on Error { code } } }');
    expect(graphqlRefused).toMatchObject({ data: { createSession: { code: 'temporarily_unavailable_error' } } });
    // The live session still answers.
    expect((await client.call('GET', `/sessions/${sessionId}`)).status).toBe(200);
    expect(left).toEqual([]);

    await drained;
    expect(left).toMatchObject([{ sessionId, reason: 'shutdown' }]);
  });

  it('ends at once when no session is live', async () => {
    sfu = await startSfu();
    await sfu.drain(600_000);
    expect(sfu.draining).toBe(true);
  });
});
