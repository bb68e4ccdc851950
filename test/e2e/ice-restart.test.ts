import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('an ICE restart from the client', () => {
  let sfu: RunningSfu;
  let publisher: Publisher;
  let subscriber: Subscriber;

  beforeAll(async () => {
    sfu = await startSfu();
  });

  afterAll(async () => {
    closePeers([publisher, subscriber]);
    await sfu?.stop();
  });

  it('gets fresh SFU credentials through renegotiate and media keeps flowing', async () => {
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    publisher = await publish(client);
    subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    const mid = subscriber.results[0]!.mid!;
    await eventually('frames before the restart', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);

    const before = publisher.peer.pc.remoteDescription!.sdp.match(/a=ice-ufrag:(\S+)/)![1];
    await publisher.peer.pc.setLocalDescription(await publisher.peer.pc.createOffer({ iceRestart: true }));
    const result = await client.renegotiate(publisher.sessionId, publisher.peer.local());
    const answer = result['sessionDescription'] as { type: 'answer'; sdp: string };
    expect(answer.type).toBe('answer');
    const after = answer.sdp.match(/a=ice-ufrag:(\S+)/)![1];
    expect(after).not.toBe(before);
    await publisher.peer.pc.setRemoteDescription(answer);

    const frames = subscriber.peer.video.get(mid)!.frames;
    await eventually('frames after the restart', () => subscriber.peer.video.get(mid)!.frames > frames + 30);
    expect(publisher.peer.pc.iceConnectionState).toMatch(/connected|completed/);
  });
});
