import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { pull, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

describe('publishing without a client offer, and autoDiscover', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const media = new SyntheticMedia();
  const peers: (WrtcPeer | Subscriber)[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    for (const p of peers) ('peer' in p ? p.peer : p).close();
    media.stop();
    await sfu?.stop();
  });

  it('the SFU offers m-sections for tracks given by kind; the client answers and media flows', async () => {
    const publisher = new WrtcPeer();
    peers.push(publisher);
    const { sessionId } = await client.newSession();
    const result = await client.newTracks(sessionId, {
      tracks: [
        { location: 'local', trackName: 'mic', kind: 'audio' },
        { location: 'local', trackName: 'cam', kind: 'video' },
      ],
    });
    expect(result.requiresImmediateRenegotiation).toBe(true);
    expect(result.sessionDescription!.type).toBe('offer');
    expect(result.tracks.map((t) => [t.trackName, t.errorCode])).toEqual([
      ['mic', undefined],
      ['cam', undefined],
    ]);

    await publisher.pc.setRemoteDescription(result.sessionDescription!);
    for (const track of result.tracks) {
      const transceiver = publisher.pc.getTransceivers().find((t: RTCRtpTransceiver) => t.mid === track.mid)!;
      transceiver.direction = 'sendonly';
      await transceiver.sender.replaceTrack(track.trackName === 'mic' ? media.audioTrack : media.videoTrack);
    }
    await publisher.pc.setLocalDescription(await publisher.pc.createAnswer());
    await client.renegotiate(sessionId, publisher.local());

    const subscriber = await pull(client, [{ sessionId, trackName: 'cam' }]);
    peers.push(subscriber);
    expect(subscriber.results[0]!.errorCode).toBeUndefined();
    const mid = subscriber.results[0]!.mid!;
    await eventually('decoded frames of the SFU-offered track', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
    const state = await client.getSession(sessionId);
    expect(state.tracks.map((t) => [t.trackName, t.location, t.status])).toEqual([
      ['mic', 'local', 'active'],
      ['cam', 'local', 'active'],
    ]);
  });

  it('refuses a local track without offer and without kind, per item', async () => {
    const { sessionId } = await client.newSession();
    const result = await client.newTracks(sessionId, { tracks: [{ location: 'local', trackName: 'x' }] });
    expect(result.tracks[0]).toMatchObject({ trackName: 'x', errorCode: 'invalid_params' });
    expect(result.sessionDescription).toBeUndefined();
  });

  it('autoDiscover publishes every new sending m-line of the offer under a generated name', async () => {
    const publisher = new WrtcPeer();
    peers.push(publisher);
    publisher.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
    publisher.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
    const { sessionId } = await client.newSession();
    const result = await client.newTracks(sessionId, { sessionDescription: await publisher.offer(), autoDiscover: true });
    await publisher.pc.setRemoteDescription(result.sessionDescription!);
    expect(result.tracks).toHaveLength(2);
    expect(result.tracks.map((t) => [t.location, t.mid, t.errorCode])).toEqual([
      ['local', '0', undefined],
      ['local', '1', undefined],
    ]);
    const video = result.tracks[1]!.trackName!;
    const subscriber = await pull(client, [{ sessionId, trackName: video }]);
    peers.push(subscriber);
    await eventually('decoded frames of the discovered track', () => (subscriber.peer.video.get(subscriber.results[0]!.mid!)?.frames ?? 0) > 5);
  });
});
