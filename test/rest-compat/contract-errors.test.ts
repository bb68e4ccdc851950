import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';

describe('REST errors in the contract shape', () => {
  let sfu: RunningSfu;
  let one: CallsClient;
  let two: CallsClient;

  beforeAll(async () => {
    sfu = await startSfu();
    one = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    two = new CallsClient(sfu.url, testApps[1].id, testApps[1].secret);
  });
  afterAll(() => sfu?.stop());

  const expectError = (result: { status: number; body: Record<string, unknown> }, status: number, code: string) => {
    expect(result.status).toBe(status);
    expect(result.body).toEqual({ errorCode: code, errorDescription: expect.any(String) });
  };

  it('creates a session with 201 and a 32-hex id, with or without /v1', async () => {
    const { sessionId } = await one.newSession();
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    const bare = await fetch(`${sfu.url}/apps/${testApps[0].id}/sessions/${sessionId}`, {
      headers: { Authorization: `Bearer ${testApps[0].secret}` },
    });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ tracks: [], dataChannels: [] });
  });

  it('refuses a wrong or missing secret with 401 unauthorized', async () => {
    const wrong = new CallsClient(sfu.url, testApps[0].id, testApps[1].secret);
    expectError(await wrong.call('POST', '/sessions/new'), 401, 'unauthorized');
    const missing = await fetch(`${sfu.url}/v1/apps/${testApps[0].id}/sessions/new`, { method: 'POST' });
    expect(missing.status).toBe(401);
  });

  it('answers 404 not_found for an unknown app', async () => {
    const nobody = new CallsClient(sfu.url, 'no-such-app', 'whatever-secret');
    expectError(await nobody.call('POST', '/sessions/new'), 404, 'not_found');
  });

  it("hides another app's session behind 404, and an unknown session too", async () => {
    const { sessionId } = await one.newSession();
    expectError(await two.call('GET', `/sessions/${sessionId}`), 404, 'not_found');
    expectError(await two.call('POST', `/sessions/${sessionId}/tracks/new`, { tracks: [] }), 404, 'not_found');
    expectError(await one.call('GET', `/sessions/${'0'.repeat(32)}`), 404, 'not_found');
  });

  it('answers 400 decoding_error to a body that is not JSON, sent as text/plain like browsers do', async () => {
    const { sessionId } = await one.newSession();
    expectError(await one.call('POST', `/sessions/${sessionId}/tracks/new`, '{"tracks": [ nope'), 400, 'decoding_error');
    expectError(await one.call('POST', `/sessions/${sessionId}/tracks/new`, { tracks: 'all' }), 400, 'decoding_error');
  });

  it('parses a JSON body whatever its Content-Type', async () => {
    const response = await fetch(`${sfu.url}/v1/apps/${testApps[0].id}/sessions/new`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${testApps[0].secret}`, 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ sessionDescription: { type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') } }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { sessionDescription: { type: string; sdp: string } };
    expect(body.sessionDescription.type).toBe('answer');
    expect(body.sessionDescription.sdp).toContain('a=ice-lite');
  });

  it('answers 400 invalid_session_description to garbage SDP and keeps serving', async () => {
    const { sessionId } = await one.newSession();
    for (const sdp of ['garbage', 'v=0\r\nm=audio', loadSdpFixture('chromium-sendonly-audio-video.sdp').replace(/a=fingerprint.*\r\n/g, '')]) {
      expectError(
        await one.call('POST', `/sessions/${sessionId}/tracks/new`, {
          sessionDescription: { type: 'offer', sdp },
          tracks: [{ location: 'local', mid: '0', trackName: 'a' }],
        }),
        400,
        'invalid_session_description',
      );
    }
    const next = await one.call('POST', `/sessions/${sessionId}/tracks/new`, {
      sessionDescription: { type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') },
      tracks: [{ location: 'local', mid: '0', trackName: 'a' }],
    });
    expect(next.status).toBe(200);
    expect(next.body['tracks']).toEqual([{ location: 'local', mid: '0', trackName: 'a', kind: 'audio' }]);
  });

  it('reports a missing track per item, with HTTP 200', async () => {
    const { sessionId } = await one.newSession();
    const result = await one.call('POST', `/sessions/${sessionId}/tracks/new`, {
      tracks: [{ location: 'remote', sessionId, trackName: 'nothing-here' }],
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      requiresImmediateRenegotiation: false,
      tracks: [{ trackName: 'nothing-here', errorCode: 'not_found_track_error' }],
    });
  });

  it('refuses more than 64 tracks in one request with 406 invalid_params', async () => {
    const { sessionId } = await one.newSession();
    const tracks = Array.from({ length: 65 }, (_, i) => ({ location: 'remote', sessionId, trackName: `t${i}` }));
    expectError(await one.call('POST', `/sessions/${sessionId}/tracks/new`, { tracks }), 406, 'invalid_params');
  });

  it('answers CORS preflights and marks responses Vary: Origin', async () => {
    const preflight = await fetch(`${sfu.url}/v1/apps/${testApps[0].id}/sessions/new`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://example.test');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const response = await fetch(`${sfu.url}/v1/apps/${testApps[0].id}/sessions/new`, {
      method: 'POST',
      headers: { Origin: 'https://example.test', Authorization: `Bearer ${testApps[0].secret}` },
    });
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://example.test');
  });

  it('answers a bad tracks/close with close_track_error per item', async () => {
    const { sessionId } = await one.newSession();
    const result = await one.closeTracks(sessionId, { tracks: [{ mid: '7' }], force: true });
    expect(result.tracks).toEqual([{ mid: '7', errorCode: 'close_track_error', errorDescription: expect.any(String) }]);
  });

  it('takes the PUT mutations as POST too, as clients of the hosted service send renegotiate', async () => {
    const { sessionId } = await one.newSession();
    const result = await one.call('POST', `/sessions/${sessionId}/tracks/close`, { tracks: [{ mid: '0' }], force: true });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ tracks: [{ mid: '0', errorCode: 'close_track_error' }] });
    const renegotiate = await one.call('POST', `/sessions/${sessionId}/renegotiate`, { sessionDescription: { type: 'answer', sdp: 'v=0' } });
    expect(renegotiate.body).toMatchObject({ errorCode: 'invalid_session_description' });
  });
});
