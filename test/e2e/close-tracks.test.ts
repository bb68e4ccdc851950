import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('closing tracks and sessions', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  let subscriber: Subscriber;

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers([publisher, subscriber]);
    await sfu?.stop();
  });

  const routerDump = () => sfu.pool.workers[0]!.router.dump();
  const consumerCount = async () => Object.values((await routerDump()).mapProducerIdConsumerIds).flat().length;

  it('a forced close by the publisher stops its media at the subscriber and frees producer and consumer', async () => {
    publisher = await publish(client);
    subscriber = await pull(client, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
    ]);
    const videoMid = subscriber.results[0]!.mid!;
    await eventually('video frames', () => (subscriber.peer.video.get(videoMid)?.frames ?? 0) > 10);
    expect(Object.keys((await routerDump()).mapProducerIdConsumerIds)).toHaveLength(2);
    expect(await consumerCount()).toBe(2);

    const closed = await client.closeTracks(publisher.sessionId, { tracks: [{ mid: publisher.mids.video }], force: true });
    expect(closed).toEqual({ requiresImmediateRenegotiation: false, tracks: [{ mid: publisher.mids.video }] });

    await eventually('producer and its consumer gone', async () => Object.keys((await routerDump()).mapProducerIdConsumerIds).length === 1);
    expect(await consumerCount()).toBe(1);
    await sleep(300);
    const framesAfterClose = subscriber.peer.video.get(videoMid)!.frames;
    await sleep(1000);
    expect(subscriber.peer.video.get(videoMid)!.frames).toBe(framesAfterClose);

    const pubState = await client.getSession(publisher.sessionId);
    expect(pubState.tracks.find((t) => t.mid === publisher.mids.video)!.status).toBe('inactive');
    const subState = await client.getSession(subscriber.sessionId);
    expect(subState.tracks.find((t) => t.mid === videoMid)!.status).toBe('inactive');
    expect(subState.tracks.find((t) => t.trackName === publisher.tracks.audio)!.status).toBe('active');

    const again = await client.closeTracks(publisher.sessionId, { tracks: [{ mid: publisher.mids.video }], force: true });
    expect(again.tracks[0]!.errorCode).toBe('close_track_error');
  });

  it('a negotiated close by the subscriber stops the pulled audio and frees its consumer', async () => {
    const audioMid = subscriber.results[1]!.mid!;
    await eventually('audio packets', async () => (await subscriber.peer.packetsReceived('audio')) > 50);
    const transceiver = subscriber.peer.pc.getTransceivers().find((t: RTCRtpTransceiver) => t.mid === audioMid)!;
    transceiver.stop();
    const offer = await subscriber.peer.offer();
    const result = await client.closeTracks(subscriber.sessionId, { tracks: [{ mid: audioMid }], force: false, sessionDescription: offer });
    expect(result.tracks).toEqual([{ mid: audioMid }]);
    expect(result.sessionDescription?.type).toBe('answer');
    await subscriber.peer.pc.setRemoteDescription(result.sessionDescription!);
    expect(await consumerCount()).toBe(0);
    await sleep(300);
    const before = await subscriber.peer.packetsReceived('audio');
    await sleep(1000);
    expect(await subscriber.peer.packetsReceived('audio')).toBe(before);
  });

  it('closing the PeerConnections closes the sessions and frees every transport, producer and consumer', async () => {
    expect((await routerDump()).transportIds).toHaveLength(2);
    publisher.peer.close();
    subscriber.peer.close();
    await eventually('transports closed', async () => (await routerDump()).transportIds.length === 0);
    const dump = await routerDump();
    expect(dump.mapProducerIdConsumerIds).toEqual({});
    expect(sfu.service.sessionCount).toBe(0);
    const gone = await client.call('GET', `/sessions/${publisher.sessionId}`);
    expect(gone.status).toBe(410);
    expect(gone.body['errorCode']).toBe('session_error');
  });

  it('an offer that stops the first m-line (the BUNDLE transport) is refused with a clear error, and the session lives on', async () => {
    const first = await publish(client, 'lead');
    try {
      const audio = first.peer.pc.getTransceivers().find((t: RTCRtpTransceiver) => t.mid === first.mids.audio)!;
      audio.stop();
      const offer = await first.peer.offer();
      const refused = await client.call('PUT', `/sessions/${first.sessionId}/tracks/close`, { tracks: [{ mid: first.mids.audio }], force: false, sessionDescription: offer });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorCode: 'invalid_session_description', errorDescription: expect.stringMatching(/carries the BUNDLE transport/) });
      await sleep(1000);
      const state = await client.getSession(first.sessionId);
      expect(state.tracks.map((t) => t.status)).not.toContain('inactive');
    } finally {
      closePeers([first]);
    }
  });
});
