import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

const secret = 'shared-secret-of-coturn';
const turnUrls = ['turn:turn.example.com:3478?transport=udp', 'turn:turn.example.com:3478?transport=tcp', 'turns:turn.example.com:5349?transport=tcp'];

function generate(sfu: RunningSfu, keyId: string, token: string | undefined, body?: unknown, method = 'POST'): Promise<Response> {
  return sfu.fetch(
    new Request(`http://sfu.test/v1/turn/keys/${keyId}/credentials/generate-ice-servers`, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    }),
  );
}

describe('TURN credentials with each app as a TURN key', () => {
  let sfu: RunningSfu;
  beforeAll(async () => {
    sfu = await startSfu({ turn: { urls: turnUrls, secret } });
  });
  afterAll(() => sfu?.stop());

  it('answers 201 with a STUN entry and TURN credentials coturn accepts under use-auth-secret', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 3600 });
    expect(response.status).toBe(201);
    const { iceServers } = (await response.json()) as { iceServers: { urls: string[]; username?: string; credential?: string }[] };
    expect(iceServers).toHaveLength(2);
    expect(iceServers[0]).toEqual({ urls: ['stun:turn.example.com:3478'] });
    const { urls, username, credential } = iceServers[1]!;
    expect(urls).toEqual(turnUrls);
    const expiry = Number(username!.split(':')[0]);
    expect(expiry).toBeGreaterThanOrEqual(before + 3600);
    expect(expiry).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
    expect(credential).toBe(createHmac('sha1', secret).update(username!).digest('base64'));
  });

  it('gives a day when the body names no ttl, and names the credential by customIdentifier', async () => {
    const now = Math.floor(Date.now() / 1000);
    const plain = (await (await generate(sfu, testApps[0].id, testApps[0].secret)).json()) as { iceServers: { username?: string }[] };
    expect(Number(plain.iceServers[1]!.username!.split(':')[0]) - now).toBeGreaterThanOrEqual(86_400 - 1);
    const named = (await (await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 60, customIdentifier: 'ann' })).json()) as { iceServers: { username?: string }[] };
    expect(named.iceServers[1]!.username).toMatch(/^\d+:ann$/);
  });

  it('refuses a ttl over 48 hours, a ttl that is not whole seconds, and a body that is not JSON', async () => {
    const tooLong = await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 172_801 });
    expect(tooLong.status).toBe(406);
    expect(await tooLong.json()).toMatchObject({ errorCode: 'invalid_params', errorDescription: expect.stringContaining('172800') });
    expect((await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: '3600' })).status).toBe(400);
    expect((await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 0.5 })).status).toBe(400);
    expect(await (await generate(sfu, testApps[0].id, testApps[0].secret, '{ttl')).json()).toMatchObject({ errorCode: 'decoding_error' });
    expect((await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 172_800 })).status).toBe(201);
  });

  it('refuses a missing or wrong token, and another app\'s secret, with 401', async () => {
    for (const token of [undefined, 'wrong-secret', testApps[1].secret]) {
      const response = await generate(sfu, testApps[0].id, token, { ttl: 60 });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errorCode: 'unauthorized' });
    }
  });

  it('answers GET and other paths under /v1/turn with the contract\'s 404', async () => {
    expect((await generate(sfu, testApps[0].id, testApps[0].secret, undefined, 'GET')).status).toBe(404);
    const revoke = await sfu.fetch(new Request(`http://sfu.test/v1/turn/keys/${testApps[0].id}/credentials/someone/revoke`, { method: 'POST' }));
    expect(revoke.status).toBe(404);
    expect(await revoke.json()).toMatchObject({ errorCode: 'not_found' });
  });
});

describe('TURN credentials with a TURN key of their own', () => {
  let sfu: RunningSfu;
  const key = { id: 'turn-key-1', token: 'token-of-the-turn-key' };
  beforeAll(async () => {
    sfu = await startSfu({ turn: { urls: turnUrls.slice(0, 1), secret, stunUrls: ['stun:stun.example.com:3478'], key } });
  });
  afterAll(() => sfu?.stop());

  it('takes the key token, and no app secret, and says 404 for another key id', async () => {
    const response = await generate(sfu, key.id, key.token, { ttl: 60 });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { iceServers: unknown[] }).iceServers[0]).toEqual({ urls: ['stun:stun.example.com:3478'] });
    expect((await generate(sfu, key.id, testApps[0].secret, { ttl: 60 })).status).toBe(401);
    expect((await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 60 })).status).toBe(404);
  });
});

describe('without TURN configured', () => {
  let sfu: RunningSfu;
  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(() => sfu?.stop());

  it('says 404 and what to set', async () => {
    const response = await generate(sfu, testApps[0].id, testApps[0].secret, { ttl: 60 });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errorCode: 'not_found', errorDescription: expect.stringContaining('SFU_TURN_URLS') });
  });
});
