import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketServer } from 'ws';
import type { SfuService } from '../../src/service/SfuService.js';
import { endpoint, isRunning, openAdapter } from '../helpers/adapterEndpoint.js';
import { CallsClient } from '../helpers/callsClient.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, publish, type Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { dominantFrequency } from '../helpers/tone.js';

describe('WebSocket adapter: PCM egress', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  const servers: WebSocketServer[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publish(client, 'mic');
  });

  afterAll(async () => {
    closePeers([publisher]);
    publisher?.media.stop();
    for (const server of servers) server.close();
    await sfu?.stop();
  });

  it('streams the published Opus track as 48 kHz stereo PCM packets carrying the 440 Hz tone, and close ends ffmpeg and the socket', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const created = await client.call<{ tracks: { adapterId?: string; trackName: string; endpoint?: string; errorCode?: string }[] }>('POST', '/adapters/websocket/new', {
      tracks: [{ location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.audio, endpoint: target.url, outputCodec: 'pcm' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const [item] = created.body.tracks;
    expect(item).toMatchObject({ trackName: publisher.tracks.audio, endpoint: target.url });
    const adapterId = item!.adapterId!;
    expect(adapterId).toMatch(/^[0-9a-f]{32}$/);
    const pid = (sfu.service as SfuService).webSocketAdapter(adapterId)!.ffmpegPid!;
    expect(isRunning(pid)).toBe(true);

    // 1.5 s of audio (20 ms per packet).
    await eventually('75 packets', () => target.packets.length >= 75, 10_000);
    const packets = target.packets.slice();
    for (let i = 1; i < packets.length; i++) {
      expect(packets[i]!.sequenceNumber).toBe(packets[i - 1]!.sequenceNumber + 1);
      expect(packets[i]!.timestamp).toBe(packets[i - 1]!.timestamp + packets[i - 1]!.payload.length / 4);
    }
    const pcm = Buffer.concat(packets.map((p) => p.payload));
    // The left channel, past the first 200 ms (decoder start-up).
    const frames = pcm.length / 4;
    const left = new Float64Array(frames - 9600);
    for (let i = 0; i < left.length; i++) left[i] = pcm.readInt16LE((i + 9600) * 4);
    expect(Math.max(...left.map(Math.abs))).toBeGreaterThan(1000);
    const coarse = dominantFrequency(left, 100, 2000, 20);
    const fine = dominantFrequency(left, coarse - 20, coarse + 20, 1);
    expect(Math.abs(fine - 440)).toBeLessThanOrEqual(3);

    const closed = await client.call<{ tracks: { adapterId: string; bytesProcessed?: number }[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.status).toBe(200);
    expect(closed.body.tracks[0]!.adapterId).toBe(adapterId);
    expect(closed.body.tracks[0]!.bytesProcessed).toBeGreaterThanOrEqual(pcm.length);
    expect(isRunning(pid)).toBe(false);
    await target.closed;
    // Idempotent: closing again succeeds without a statistic.
    const again = await client.call<{ tracks: Record<string, unknown>[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(again.status).toBe(200);
    expect(again.body.tracks).toEqual([{ adapterId }]);
  });

  it('reconnects, rather than closing, when the endpoint closes the socket', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const { adapterId, pid } = await openAdapter(client, sfu.service, { sessionId: publisher.sessionId, trackName: publisher.tracks.audio, endpoint: target.url, outputCodec: 'pcm' });
    await eventually('the adapter connected', () => target.sockets.length === 1);
    target.sockets[0]!.close(1001, 'going away');
    await eventually('the adapter reconnected', () => target.sockets.length === 2);
    const before = target.packets.length;
    await eventually('PCM on the new socket', () => target.packets.length >= before + 10);
    expect((sfu.service as SfuService).webSocketAdapter(adapterId)).toMatchObject({ closed: false, ffmpegPid: pid });
    await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(isRunning(pid)).toBe(false);
  });

  it('answers request errors with 406 and item errors per item (503 when all fail)', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const item = { location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.audio, endpoint: target.url, outputCodec: 'pcm' };
    const five = await client.call('POST', '/adapters/websocket/new', { tracks: [item, item, item, item, item] });
    expect(five.status).toBe(406);
    expect(five.body).toMatchObject({ errorCode: 'invalid_params' });
    const none = await client.call('POST', '/adapters/websocket/new', { tracks: [] });
    expect(none.status).toBe(406);
    const badEndpoint = await client.call('POST', '/adapters/websocket/new', { tracks: [{ ...item, endpoint: 'http://example.com' }] });
    expect(badEndpoint.status).toBe(406);

    const closedPort = (await endpoint()).server;
    const deadUrl = `ws://127.0.0.1:${(closedPort.address() as AddressInfo).port}/`;
    closedPort.close();
    const failed = await client.call<{ tracks: { trackName: string; errorCode?: string; adapterId?: string }[] }>('POST', '/adapters/websocket/new', {
      tracks: [
        { ...item, trackName: 'no-such-track' },
        { ...item, sessionId: 'f'.repeat(32) },
        { ...item, endpoint: deadUrl },
        { ...item, trackName: publisher.tracks.video },
      ],
    });
    expect(failed.status).toBe(503);
    expect(failed.body.tracks.map((t) => t.errorCode)).toEqual(['not_found_track_error', 'not_found_track_error', 'websocket_handshake_failed', 'invalid_params']);
    expect(failed.body.tracks[3]).toMatchObject({ errorDescription: expect.stringMatching(/"pcm" needs an audio track/) });
    const jpegOfAudio = await client.call<{ tracks: { errorCode?: string; errorDescription?: string }[] }>('POST', '/adapters/websocket/new', { tracks: [{ ...item, outputCodec: 'jpeg' }] });
    expect(jpegOfAudio.status).toBe(503);
    expect(jpegOfAudio.body.tracks[0]).toMatchObject({ errorCode: 'invalid_params', errorDescription: expect.stringMatching(/"jpeg" needs a video track/) });

    const mixed = await client.call<{ tracks: { errorCode?: string; adapterId?: string }[] }>('POST', '/adapters/websocket/new', { tracks: [item, { ...item, endpoint: deadUrl }] });
    expect(mixed.status).toBe(200);
    expect(mixed.body.tracks[0]!.adapterId).toBeDefined();
    expect(mixed.body.tracks[1]!.errorCode).toBe('websocket_handshake_failed');

    const unknown = await client.call<{ tracks: { adapterId: string; errorCode?: string }[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId: 'nope' }] });
    expect(unknown.status).toBe(503);
    expect(unknown.body.tracks[0]).toMatchObject({ adapterId: 'nope', errorCode: 'adapter_not_found' });
  });

  it('closes the adapter when its source session closes, and shutdown leaves no ffmpeg', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const other = await publish(client, 'other');
    try {
      const { pid } = await openAdapter(client, sfu.service, { sessionId: other.sessionId, trackName: other.tracks.audio, endpoint: target.url, outputCodec: 'pcm' });
      await client.closeTracks(other.sessionId, { tracks: [{ mid: other.mids.audio }], force: true });
      await eventually('ffmpeg exited', () => !isRunning(pid));
      await target.closed;
    } finally {
      closePeers([other]);
      other.media.stop();
    }
  });
});
