import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { pull, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

/** Publishes one video track of the given size (and simulcast layers, if any) from a wrtc peer. */
async function publishVideo(client: CallsClient, media: SyntheticMedia, trackName: string, rids: string[] = []) {
  const peer = new WrtcPeer();
  const transceiver = peer.pc.addTransceiver(media.videoTrack, {
    direction: 'sendonly',
    ...(rids.length ? { sendEncodings: rids.map((rid, i) => ({ rid, scaleResolutionDownBy: 2 ** (rids.length - 1 - i) })) } : {}),
  });
  const { sessionId } = await client.newSession();
  const result = await client.newTracks(sessionId, {
    sessionDescription: await peer.offer(),
    tracks: [{ location: 'local', mid: transceiver.mid, trackName }],
  });
  await peer.pc.setRemoteDescription(result.sessionDescription!);
  return { peer, sessionId, transceiver };
}

describe('tracks/update', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const small = new SyntheticMedia(320, 240);
  const large = new SyntheticMedia(640, 480);
  const hd = new SyntheticMedia(1280, 720);
  const peers: WrtcPeer[] = [];
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ media: { workers: 2 } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    for (const p of [...peers, ...subscribers.map((s) => s.peer)]) p.close();
    for (const m of [small, large, hd]) m.stop();
    await sfu?.stop();
  });

  const videoOf = (subscriber: Subscriber, mid: string) => subscriber.peer.video.get(mid) ?? { frames: 0, width: 0, height: 0 };

  it('re-points a receiving transceiver at another track (one renegotiation, same transceiver)', async () => {
    const a = await publishVideo(client, small, 'a-cam');
    const b = await publishVideo(client, large, 'b-cam');
    peers.push(a.peer, b.peer);
    const subscriber = await pull(client, [{ sessionId: a.sessionId, trackName: 'a-cam' }]);
    subscribers.push(subscriber);
    const mid = subscriber.results[0]!.mid!;
    await eventually('frames of a-cam (320x240)', () => videoOf(subscriber, mid).width === 320);
    const transceivers = subscriber.peer.pc.getTransceivers().length;

    const result = await client.call<{ requiresImmediateRenegotiation: boolean; sessionDescription: { type: 'offer'; sdp: string }; tracks: unknown[] }>(
      'PUT',
      `/sessions/${subscriber.sessionId}/tracks/update`,
      { tracks: [{ location: 'remote', mid, sessionId: b.sessionId, trackName: 'b-cam' }] },
    );
    expect(result.status).toBe(200);
    expect(result.body.tracks).toEqual([{ mid, sessionId: b.sessionId, trackName: 'b-cam' }]);
    expect(result.body.requiresImmediateRenegotiation).toBe(true);
    await client.renegotiate(subscriber.sessionId, await subscriber.peer.answer(result.body.sessionDescription));

    await eventually('frames of b-cam (640x480) on the same transceiver', () => videoOf(subscriber, mid).width === 640);
    expect(subscriber.peer.pc.getTransceivers()).toHaveLength(transceivers);
    const state = await client.getSession(subscriber.sessionId);
    expect(state.tracks.filter((t) => t.status === 'active')).toEqual([
      { location: 'remote', mid, sessionId: b.sessionId, trackName: 'b-cam', status: 'active' },
    ]);
  });

  it('refuses per item what it cannot do without renegotiation', async () => {
    const subscriber = subscribers[0]!;
    const mid = subscriber.results[0]!.mid!;
    const result = await client.call<{ tracks: { errorCode?: string }[] }>('PUT', `/sessions/${subscriber.sessionId}/tracks/update`, {
      tracks: [
        { location: 'remote', mid: '99', sessionId: subscriber.sessionId, trackName: 'x' },
        { location: 'remote', mid, sessionId: subscriber.sessionId, trackName: 'nothing' },
        { location: 'local', mid, sessionId: subscriber.sessionId, trackName: 'x' },
      ],
    });
    expect(result.status).toBe(200);
    expect(result.body.tracks.map((t) => t.errorCode)).toEqual(['update_track_error', 'not_found_track_error', 'invalid_params']);
  });

  it('changes the simulcast layer of a receiving transceiver without renegotiation', async () => {
    const publisher = await publishVideo(client, hd, 'screen', ['c', 'b', 'a']);
    peers.push(publisher.peer);
    const subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: 'screen', simulcast: { preferredRid: 'c' } }]);
    subscribers.push(subscriber);
    const mid = subscriber.results[0]!.mid!;
    await eventually('layer c (320x180)', () => videoOf(subscriber, mid).width === 320, 20_000);

    const simulcast = { preferredRid: 'b', priorityOrdering: 'asciibetical', ridNotAvailable: 'asciibetical' };
    const updated = await client.call('PUT', `/sessions/${subscriber.sessionId}/tracks/update`, {
      tracks: [{ location: 'remote', mid, sessionId: publisher.sessionId, trackName: 'screen', simulcast }],
    });
    expect(updated.body).toEqual({ requiresImmediateRenegotiation: false, tracks: [{ mid, sessionId: publisher.sessionId, trackName: 'screen' }] });
    await eventually('layer b (640x360)', () => videoOf(subscriber, mid).width === 640, 20_000);
  });
});
