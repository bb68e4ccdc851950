import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('a published track that stops sending', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  let subscriber: Subscriber;

  beforeAll(async () => {
    sfu = await startSfu({ timing: { trackInactiveMs: 2_000 } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers([publisher, subscriber]);
    await sfu?.stop();
  });

  it('becomes inactive after the inactivity timeout and its pulls end, while the session lives on', async () => {
    publisher = await publish(client);
    subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    const mid = subscriber.results[0]!.mid!;
    await eventually('video frames', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);

    // Stop sending video only: the transceiver stays, audio keeps flowing.
    const sender = publisher.peer.pc.getTransceivers().find((t: RTCRtpTransceiver) => t.mid === publisher.mids.video)!.sender;
    await sender.replaceTrack(null);

    await eventually(
      'the video track inactive at the publisher',
      async () => (await client.getSession(publisher.sessionId)).tracks.find((t) => t.mid === publisher.mids.video)?.status === 'inactive',
      10_000,
    );
    const publisherState = await client.getSession(publisher.sessionId);
    expect(publisherState.tracks.find((t) => t.mid === publisher.mids.audio)!.status).toBe('active');
    const subscriberState = await client.getSession(subscriber.sessionId);
    expect(subscriberState.tracks.find((t) => t.mid === mid)!.status).toBe('inactive');
    const dump = await sfu.pool.workers[0]!.router.dump();
    expect(Object.values(dump.mapProducerIdConsumerIds).flat()).toHaveLength(0);
  });
});
