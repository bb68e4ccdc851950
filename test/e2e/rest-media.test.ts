import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('media through the REST API', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const peers: (Publisher | Subscriber)[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers(peers);
    await sfu?.stop();
  });

  it('a subscriber in another session decodes the publisher video and receives its audio', async () => {
    const publisher = await publish(client);
    peers.push(publisher);
    const subscriber = await pull(client, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
    ]);
    peers.push(subscriber);

    expect(subscriber.results.map((t) => t.errorCode)).toEqual([undefined, undefined]);
    const videoMid = subscriber.results[0]!.mid!;
    await eventually('decoded video frames', () => (subscriber.peer.video.get(videoMid)?.frames ?? 0) > 10);
    await eventually('audio packets', async () => (await subscriber.peer.packetsReceived('audio')) > 50);
    expect(subscriber.peer.video.get(videoMid)!.width).toBe(publisher.media.width);

    const state = await client.getSession(subscriber.sessionId);
    expect(state.tracks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: 'remote', trackName: publisher.tracks.video, sessionId: publisher.sessionId, status: 'active' }),
      ]),
    );
  });
});
