import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';

const chromiumOffer = () => ({ type: 'offer' as const, sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') });

describe('session lifecycle and limits, as the hosted service', () => {
  let sfu: RunningSfu;
  let client: CallsClient;

  beforeAll(async () => {
    sfu = await startSfu({
      timing: { connectTimeoutMs: 2_000 },
      limits: { emptyTrackTimeoutMs: 1_000, transportWaitMs: 800, maxBodyBytes: 64 * 1024 },
    });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });
  afterAll(() => sfu?.stop());

  /** A session that published from a real offer but whose peer never connects: no media ever. */
  const silentPublisher = async () => {
    const { sessionId } = await client.newSession();
    await client.newTracks(sessionId, {
      sessionDescription: chromiumOffer(),
      tracks: [{ location: 'local', mid: '1', trackName: 'cam' }],
    });
    return sessionId;
  };

  it('a pull of a track that never sends gets empty_track_error after the bounded wait', async () => {
    const publisher = await silentPublisher();
    const { sessionId } = await client.newSession();
    const started = Date.now();
    const result = await client.newTracks(sessionId, { tracks: [{ location: 'remote', sessionId: publisher, trackName: 'cam' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.tracks[0]).toMatchObject({ trackName: 'cam', errorCode: 'empty_track_error' });
    expect(result.requiresImmediateRenegotiation).toBe(false);
  });

  it('refuses a mutation that overlaps another on the same session with 406', async () => {
    const publisher = await silentPublisher();
    const { sessionId } = await client.newSession();
    const slow = client.newTracks(sessionId, { tracks: [{ location: 'remote', sessionId: publisher, trackName: 'cam' }] });
    await new Promise((r) => setTimeout(r, 100));
    const overlapping = await client.call('POST', `/sessions/${sessionId}/tracks/new`, {
      tracks: [{ location: 'remote', sessionId: publisher, trackName: 'cam' }],
    });
    expect(overlapping.status).toBe(406);
    expect(overlapping.body).toMatchObject({ errorCode: 'session_error' });
    await slow;
  });

  it('answers 425 session_error when the session negotiated but its PeerConnection never connects', async () => {
    const sessionId = await silentPublisher();
    const other = await silentPublisher();
    const result = await client.call('POST', `/sessions/${sessionId}/tracks/new`, {
      tracks: [{ location: 'remote', sessionId: other, trackName: 'cam' }],
    });
    expect(result.status).toBe(425);
    expect(result.body).toMatchObject({ errorCode: 'session_error' });
  });

  it('expires a session that never connects, which then answers 410', async () => {
    const { sessionId } = await client.newSession();
    await new Promise((r) => setTimeout(r, 2_600));
    const result = await client.call('GET', `/sessions/${sessionId}`);
    expect(result.status).toBe(410);
    expect(result.body).toMatchObject({ errorCode: 'session_error' });
  });

  it('limits each session to 50 calls a second with 429 and Retry-After', async () => {
    const { sessionId } = await client.newSession();
    const results = await Promise.all(Array.from({ length: 70 }, () => client.call('GET', `/sessions/${sessionId}`)));
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(50);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body).toMatchObject({ errorCode: 'too_many_requests' });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await client.call('GET', `/sessions/${sessionId}`)).status).toBe(200);
  });

  it('refuses a body over the size limit with 413 payload_too_large', async () => {
    const { sessionId } = await client.newSession();
    const huge = { sessionDescription: { type: 'offer', sdp: 'v=0\r\n' + 'a=x\r\n'.repeat(20_000) } };
    const result = await client.call('POST', `/sessions/${sessionId}/tracks/new`, huge);
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ errorCode: 'payload_too_large' });
  });

  it('keeps correlationId with the session, accepts thirdparty, and says plainly that an ICE-lite peer cannot connect', async () => {
    const created = await client.call<{ sessionId: string }>('POST', '/sessions/new?correlationId=call-42&unknown=1');
    expect(created.status).toBe(201);
    expect(await client.getSession(created.body.sessionId)).toMatchObject({ correlationId: 'call-42' });
    const thirdparty = await client.call<{ sessionId: string }>('POST', '/sessions/new?thirdparty=true');
    expect(thirdparty.status).toBe(201);
    const liteOffer = chromiumOffer().sdp.replace('t=0 0\r\n', 't=0 0\r\na=ice-lite\r\n');
    const refused = await client.call('POST', `/sessions/${thirdparty.body.sessionId}/tracks/new`, {
      sessionDescription: { type: 'offer', sdp: liteOffer },
      tracks: [{ location: 'local', mid: '0', trackName: 'x' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'invalid_session_description', errorDescription: expect.stringContaining('ICE-lite') });
  });
});
