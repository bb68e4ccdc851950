import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketServer } from 'ws';
import type { SfuService } from '../../src/service/SfuService.js';
import { endpoint, isRunning, openAdapter } from '../helpers/adapterEndpoint.js';
import { CallsClient } from '../helpers/callsClient.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, publish, type Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isWholeJpeg(jpeg: Uint8Array): boolean {
  return jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg.at(-2) === 0xff && jpeg.at(-1) === 0xd9;
}

describe('WebSocket adapter: reconnecting to the same endpoint', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  const servers: WebSocketServer[] = [];
  const adapter = (adapterId: string) => (sfu.service as SfuService).webSocketAdapter(adapterId);

  beforeAll(async () => {
    // 5 images a second, so an outage of a second or two leaves several images behind.
    sfu = await startSfu({ limits: { adapterJpegFps: 5 } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publish(client, 'mic');
  });

  afterAll(async () => {
    closePeers([publisher]);
    for (const server of servers) server.close();
    await sfu?.stop();
  });

  it('keeps streaming PCM when the endpoint restarts on its port: same adapter and ffmpeg, the backlog flushed in order, sequence numbers carried on', async () => {
    const first = await endpoint();
    servers.push(first.server);
    const { adapterId, pid } = await openAdapter(client, sfu.service, { sessionId: publisher.sessionId, trackName: publisher.tracks.audio, endpoint: first.url, outputCodec: 'pcm' });
    await eventually('PCM before the restart', () => first.packets.length >= 25, 10_000);
    await first.stop();
    const before = first.packets.at(-1)!;
    await pause(1000);
    const second = await endpoint(first.port);
    servers.push(second.server);

    await eventually('PCM on the new socket', () => second.packets.length >= 75, 10_000);
    expect(second.sockets).toHaveLength(1);
    const resumed = second.packets.slice();
    // Frames made while the endpoint was away (some of them: the backlog is bounded) come first, then live ones: no gap on the new socket.
    expect(resumed[0]!.sequenceNumber).toBeGreaterThan(before.sequenceNumber);
    expect(resumed[0]!.timestamp).toBeGreaterThan(before.timestamp);
    for (let i = 1; i < resumed.length; i++) expect(resumed[i]!.sequenceNumber).toBe(resumed[i - 1]!.sequenceNumber + 1);
    expect(adapter(adapterId)).toMatchObject({ closed: false, ffmpegPid: pid });
    expect(isRunning(pid)).toBe(true);

    const closed = await client.call<{ tracks: { adapterId: string; bytesProcessed?: number }[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.body.tracks[0]!.bytesProcessed).toBeGreaterThanOrEqual(
      [...first.packets, ...resumed].reduce((n, p) => n + p.payload.length, 0),
    );
    expect(isRunning(pid)).toBe(false);
  });

  it('closes the adapter, its tap and its ffmpeg when the endpoint stays away past the 5 s window', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const router = sfu.pool.workers[0]!.router;
    const transportsBefore = (await router.dump()).transportIds.length;
    const { adapterId, pid } = await openAdapter(client, sfu.service, { sessionId: publisher.sessionId, trackName: publisher.tracks.audio, endpoint: target.url, outputCodec: 'pcm' });
    expect((await router.dump()).transportIds).toHaveLength(transportsBefore + 1);
    await eventually('PCM flowing', () => target.packets.length >= 10, 10_000);
    await target.stop();

    await eventually('the adapter closed', () => adapter(adapterId) === undefined, 10_000);
    await eventually('ffmpeg exited', () => !isRunning(pid));
    expect((await router.dump()).transportIds).toHaveLength(transportsBefore);
    // The adapter closed itself; closing it again is the idempotent success, without a statistic.
    const closed = await client.call<{ tracks: Record<string, unknown>[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.status).toBe(200);
    expect(closed.body.tracks).toEqual([{ adapterId }]);
  });

  it('resumes JPEG after a reconnect with a whole image, the latest one only, then live images', async () => {
    const first = await endpoint();
    servers.push(first.server);
    const { adapterId, pid } = await openAdapter(client, sfu.service, { sessionId: publisher.sessionId, trackName: publisher.tracks.video, endpoint: first.url, outputCodec: 'jpeg' });
    await eventually('images before the restart', () => first.packets.length >= 2, 10_000);
    await first.stop();
    const before = first.packets.at(-1)!;
    await pause(1500);
    const second = await endpoint(first.port);
    servers.push(second.server);

    await eventually('images on the new socket', () => second.packets.length >= 2, 10_000);
    const [flushed, next] = second.packets;
    expect(isWholeJpeg(flushed!.payload)).toBe(true);
    expect(isWholeJpeg(next!.payload)).toBe(true);
    // Several images were made while the endpoint was away: the older ones were dropped, not replayed
    // (that exactly one is kept is endpointConnection.test.ts's).
    expect(flushed!.sequenceNumber).toBeGreaterThan(before.sequenceNumber + 1);
    expect(next!.sequenceNumber).toBe(flushed!.sequenceNumber + 1);
    expect(adapter(adapterId)).toMatchObject({ closed: false, ffmpegPid: pid });

    await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(isRunning(pid)).toBe(false);
  });
});
