import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketServer } from 'ws';
import type { Packet } from '../../src/service/adapters/packet.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { endpoint, isRunning, openAdapter } from '../helpers/adapterEndpoint.js';
import { CallsClient } from '../helpers/callsClient.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, publish, type Publisher } from '../helpers/flows.js';
import { publishH264 } from '../helpers/h264Publisher.js';
import { averageRgb, jpegSize } from '../helpers/jpeg.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { SyntheticMedia, solidFrames } from '../helpers/wrtcPeer.js';

/** The painter's colour: I420 (100, 90, 200) is about RGB (213, 54, 21) in BT.601 limited range. */
const colour = { y: 100, u: 90, v: 200 };
const expectedRgb = [213, 54, 21];

/**
 * Every packet is one whole JPEG of the camera's size, numbered by one and stamped later than the
 * one before; the last image has the source's colour (expectedRgb).
 */
async function expectCameraImages(packets: Packet[], size: { width: number; height: number }): Promise<void> {
  for (const [i, packet] of packets.entries()) {
    const jpeg = packet.payload;
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect([jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd9]);
    expect(jpegSize(jpeg)).toEqual(size);
    if (i > 0) {
      expect(packet.sequenceNumber).toBe(packets[i - 1]!.sequenceNumber + 1);
      // Wall-clock milliseconds since the adapter started: about a second apart at 1 fps.
      expect(packet.timestamp).toBeGreaterThan(packets[i - 1]!.timestamp);
    }
  }
  const rgb = await averageRgb(packets.at(-1)!.payload);
  for (let c = 0; c < 3; c++) expect(Math.abs(rgb[c]! - expectedRgb[c]!), `rgb ${rgb.join(',')}`).toBeLessThanOrEqual(25);
}

describe('WebSocket adapter: JPEG egress', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  const servers: WebSocketServer[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publish(client, 'cam', new SyntheticMedia(320, 240, solidFrames(colour.y, colour.u, colour.v)));
  });

  afterAll(async () => {
    closePeers([publisher]);
    publisher?.media.stop();
    for (const server of servers) server.close();
    await sfu?.stop();
  });

  it('sends the VP8 camera as whole JPEG images at 1 fps, of its size and colour, and close ends ffmpeg', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const created = await client.call<{ tracks: { adapterId?: string; errorCode?: string; errorDescription?: string }[] }>('POST', '/adapters/websocket/new', {
      tracks: [{ location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.video, endpoint: target.url, outputCodec: 'jpeg' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const adapterId = created.body.tracks[0]!.adapterId!;
    const pid = (sfu.service as SfuService).webSocketAdapter(adapterId)!.ffmpegPid!;
    expect(isRunning(pid)).toBe(true);

    await eventually('2 JPEG packets', () => target.packets.length >= 2, 8_000);
    await expectCameraImages(target.packets.slice(), { width: 320, height: 240 });

    const closed = await client.call<{ tracks: { adapterId: string; bytesProcessed?: number }[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.status).toBe(200);
    expect(closed.body.tracks[0]!.bytesProcessed).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
    await target.closed;
  });

  it('closes with its ffmpeg when the source track closes', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const other = await publish(client, 'other');
    try {
      const { adapterId, pid } = await openAdapter(client, sfu.service, { sessionId: other.sessionId, trackName: other.tracks.video, endpoint: target.url, outputCodec: 'jpeg' });
      await client.closeTracks(other.sessionId, { tracks: [{ mid: other.mids.video }], force: true });
      await eventually('ffmpeg exited', () => !isRunning(pid));
      await target.closed;
      expect((sfu.service as SfuService).webSocketAdapter(adapterId)).toBeUndefined();
    } finally {
      closePeers([other]);
      other.media.stop();
    }
  });

  it('sends a VP9 camera as JPEG images of its size and colour', async () => {
    const target = await endpoint();
    servers.push(target.server);
    const vp9 = await publish(client, 'vp9', new SyntheticMedia(320, 240, solidFrames(colour.y, colour.u, colour.v)), { videoCodec: /^video\/VP9 profile-id=0$/ });
    try {
      const { adapterId } = await openAdapter(client, sfu.service, { sessionId: vp9.sessionId, trackName: vp9.tracks.video, endpoint: target.url, outputCodec: 'jpeg' });
      await eventually('2 JPEG packets', () => target.packets.length >= 2, 8_000);
      await expectCameraImages(target.packets.slice(), { width: 320, height: 240 });
      expect(await vp9.peer.sentCodecs('video')).toEqual(['video/VP9']);
      await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    } finally {
      closePeers([vp9]);
    }
  });

  it('sends an H264 camera (ffmpeg through werift) as JPEG images of its size and colour', async () => {
    const target = await endpoint();
    servers.push(target.server);
    // 180 rows are not a whole number of 16-row macroblocks: the SPS crops, and so must the JPEG.
    const h264 = await publishH264(client, { width: 320, height: 180, rgb: expectedRgb.map((c) => c.toString(16).padStart(2, '0')).join(''), trackName: 'h264-video' });
    try {
      const { adapterId } = await openAdapter(client, sfu.service, { sessionId: h264.sessionId, trackName: h264.trackName, endpoint: target.url, outputCodec: 'jpeg' });
      await eventually('2 JPEG packets', () => target.packets.length >= 2, 8_000);
      await expectCameraImages(target.packets.slice(), { width: 320, height: 180 });
      expect(h264.sentCodec()).toBe('video/H264');
      await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    } finally {
      await h264.close();
    }
  });
});
