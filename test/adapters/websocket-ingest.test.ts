import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket, WebSocketServer } from 'ws';
import { encodePacket } from '../../src/service/adapters/packet.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { endpoint as source, isRunning } from '../helpers/adapterEndpoint.js';
import { CallsClient } from '../helpers/callsClient.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, pull, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { dominantFrequency, pcmTone, rms } from '../helpers/tone.js';
import { WrtcPeer } from '../helpers/wrtcPeer.js';

/** 20 ms of 48 kHz stereo s16le. */
const frameBytes = 3840;

/** Sends `pcm` as Packets of at most `chunkBytes` payload, all at once (buffer mode: faster than real time). */
function sendPcm(socket: WebSocket, pcm: Buffer, chunkBytes = 16_000): void {
  for (let at = 0; at < pcm.length; at += chunkBytes) {
    socket.send(encodePacket({ sequenceNumber: 0, timestamp: 0, payload: pcm.subarray(at, at + chunkBytes) }), { binary: true });
  }
}

type NewItem = { trackName: string; adapterId?: string; sessionId?: string; endpoint?: string; errorCode?: string; errorDescription?: string };

describe('WebSocket adapter: PCM ingest', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const servers: WebSocketServer[] = [];
  const subscribers: Subscriber[] = [];
  const adapter = (adapterId: string) => (sfu.service as SfuService).webSocketAdapter(adapterId);

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers(subscribers);
    for (const server of servers) server.close();
    await sfu?.stop();
  });

  async function ingest(endpointUrl: string, trackName = 'speech'): Promise<{ adapterId: string; sessionId: string; pid: number }> {
    const created = await client.call<{ tracks: NewItem[] }>('POST', '/adapters/websocket/new', { tracks: [{ location: 'local', trackName, endpoint: endpointUrl, inputCodec: 'pcm' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const [item] = created.body.tracks;
    expect(item).toEqual({ trackName, adapterId: expect.any(String), sessionId: expect.any(String), endpoint: endpointUrl });
    return { adapterId: item!.adapterId!, sessionId: item!.sessionId!, pid: adapter(item!.adapterId!)!.ffmpegPid! };
  }

  async function listen(sessionId: string, trackName = 'speech'): Promise<{ subscriber: Subscriber; heard: () => number[] }> {
    const peer = new WrtcPeer({ hearAudio: true });
    const subscriber = await pull(client, [{ sessionId, trackName }], { peer, sessionId: (await client.newSession()).sessionId });
    subscribers.push(subscriber);
    expect(subscriber.results[0], JSON.stringify(subscriber.results[0])).not.toHaveProperty('errorCode');
    return { subscriber, heard: () => [...peer.audio.values()][0]?.samples ?? [] };
  }

  it('publishes the endpoint PCM (sent in a burst) as an Opus track that a wrtc subscriber pulls and hears at 660 Hz; close frees ffmpeg, the feed and the session', async () => {
    const transportsBefore = (await sfu.pool.workers[0]!.router.dump()).transportIds.length;
    const speech = await source(0, (socket) => sendPcm(socket, pcmTone(660, 8000)));
    servers.push(speech.server);
    const { adapterId, sessionId, pid } = await ingest(speech.url);
    expect(isRunning(pid)).toBe(true);

    const session = await client.getSession(sessionId);
    expect(session.tracks).toEqual([expect.objectContaining({ location: 'local', trackName: 'speech' })]);
    const { heard } = await listen(sessionId);
    await eventually('a second of loud audio at the subscriber', () => heard().length >= 48_000 && rms(heard().slice(-48_000)) > 1000, 15_000);
    const samples = heard().slice(-48_000);
    const coarse = dominantFrequency(samples, 200, 2000, 10);
    const fine = dominantFrequency(samples, coarse - 10, coarse + 10, 1);
    expect(Math.abs(fine - 660)).toBeLessThanOrEqual(3);
    // Played out in real time, not as fast as it came: most of the 8 s burst is still queued.
    expect(adapter(adapterId)!.bytesProcessed).toBe(pcmTone(660, 8000).length);

    const closed = await client.call<{ tracks: { adapterId: string; bytesProcessed?: number }[] }>('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.status).toBe(200);
    expect(closed.body.tracks).toEqual([{ adapterId, bytesProcessed: pcmTone(660, 8000).length }]);
    expect(isRunning(pid)).toBe(false);
    await eventually('the endpoint saw the socket close', () => speech.closes.length === 1);
    expect(speech.closes[0]!.code).toBe(1000);
    const gone = await client.call('GET', `/sessions/${sessionId}`);
    expect(gone.status).toBe(410);
    await eventually('the feed and the session transport are closed', async () => (await sfu.pool.workers[0]!.router.dump()).transportIds.length <= transportsBefore + 1);
  });

  it('plays silence between the endpoint chunks: the track is live before any audio, and audio sent later is heard', async () => {
    let socketOf: WebSocket | undefined;
    const speech = await source(0, (socket) => (socketOf = socket));
    servers.push(speech.server);
    const { adapterId, sessionId } = await ingest(speech.url);
    // Nothing sent yet, and a pull finds media (silence) at once instead of empty_track_error.
    const { heard } = await listen(sessionId);
    await eventually('silence at the subscriber', () => heard().length >= 24_000, 10_000);
    expect(rms(heard().slice(-24_000))).toBeLessThan(50);
    sendPcm(socketOf!, pcmTone(660, 3000), frameBytes * 2);
    await eventually('the tone after the silence', () => rms(heard().slice(-24_000)) > 1000, 10_000);
    await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
  });

  it('ends the adapter and its session when the endpoint closes the socket (ingest does not reconnect)', async () => {
    const speech = await source();
    servers.push(speech.server);
    const { adapterId, sessionId, pid } = await ingest(speech.url);
    await eventually('the adapter connected', () => speech.sockets.length === 1);
    speech.sockets[0]!.close(1000, 'done speaking');
    await eventually('the adapter closed', () => adapter(adapterId) === undefined);
    await eventually('its ffmpeg exited', () => !isRunning(pid));
    expect((await client.call('GET', `/sessions/${sessionId}`)).status).toBe(410);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(speech.sockets).toHaveLength(1);
    const closed = await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
    expect(closed.body).toEqual({ tracks: [{ adapterId }] });
  });

  it('closes the socket of an endpoint that sends a message over 32 KB (1009), text (1003) or bytes that are not a Packet (1007)', async () => {
    const cases: [string, (socket: WebSocket) => void, number][] = [
      ['too big', (socket) => socket.send(encodePacket({ sequenceNumber: 0, timestamp: 0, payload: Buffer.alloc(33_000) }), { binary: true }), 1009],
      ['text', (socket) => socket.send('{"hello":1}'), 1003],
      ['not protobuf', (socket) => socket.send(Buffer.from([0x2a, 0xff, 0xff]), { binary: true }), 1007],
    ];
    for (const [what, send, code] of cases) {
      const speech = await source(0, send);
      servers.push(speech.server);
      const { adapterId, sessionId, pid } = await ingest(speech.url, `bad-${code}`);
      await eventually(`${what}: the socket closed`, () => speech.closes.length === 1);
      expect(speech.closes[0]!.code, what).toBe(code);
      await eventually(`${what}: the adapter closed`, () => adapter(adapterId) === undefined);
      await eventually(`${what}: its ffmpeg exited`, () => !isRunning(pid));
      expect((await client.call('GET', `/sessions/${sessionId}`)).status).toBe(410);
    }
    // A message of exactly 32 KB passes.
    const speech = await source(0, (socket) => {
      // One tag byte and a 3-byte length before the payload: 32768 bytes on the wire.
      const message = encodePacket({ sequenceNumber: 0, timestamp: 0, payload: Buffer.alloc(32 * 1024 - 4) });
      expect(message.length).toBe(32 * 1024);
      socket.send(message, { binary: true });
    });
    servers.push(speech.server);
    const { adapterId } = await ingest(speech.url, 'at-limit');
    await eventually('the 32 KB message counted', () => (adapter(adapterId)?.bytesProcessed ?? 0) > 32_000);
    await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] });
  });

  it('closes the adapter when its session is closed, and refuses the session calls that need a PeerConnection', async () => {
    const speech = await source();
    servers.push(speech.server);
    const { adapterId, sessionId, pid } = await ingest(speech.url);
    const offer = await client.call('POST', `/sessions/${sessionId}/tracks/new`, { tracks: [{ location: 'local', trackName: 'x', mid: '0' }], sessionDescription: { type: 'offer', sdp: 'v=0' } });
    expect(offer.status).toBe(406);
    expect(offer.body).toMatchObject({ errorCode: 'invalid_params', errorDescription: expect.stringMatching(/fed by a WebSocket adapter/) });
    const secret = await sfu.service.authenticate(testApps[0].secret, testApps[0].id);
    await sfu.service.closeSession(secret, sessionId);
    await eventually('the adapter closed', () => adapter(adapterId) === undefined);
    await eventually('its ffmpeg exited', () => !isRunning(pid));
    await eventually('the endpoint saw the socket close', () => speech.closes.length === 1);
  });

  it('answers item errors for ingest: no inputCodec 406, an unreachable endpoint 503 with no session left behind', async () => {
    const noCodec = await client.call('POST', '/adapters/websocket/new', { tracks: [{ location: 'local', trackName: 's', endpoint: 'ws://127.0.0.1:9/' }] });
    expect(noCodec.status).toBe(406);
    expect(noCodec.body).toMatchObject({ errorCode: 'invalid_params' });

    const closedPort = await source();
    const deadUrl = `ws://127.0.0.1:${closedPort.port}/`;
    await closedPort.stop();
    const sessionsBefore = (sfu.service as SfuService).sessionCount;
    const failed = await client.call<{ tracks: NewItem[] }>('POST', '/adapters/websocket/new', { tracks: [{ location: 'local', trackName: 's', endpoint: deadUrl, inputCodec: 'pcm' }] });
    expect(failed.status).toBe(503);
    expect(failed.body.tracks).toEqual([{ trackName: 's', errorCode: 'websocket_handshake_failed', errorDescription: expect.any(String) }]);
    expect((sfu.service as SfuService).sessionCount).toBe(sessionsBefore);
  });
});
