import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { pull, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

describe('simulcast', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const media = new SyntheticMedia(1280, 720);
  const publisher = new WrtcPeer();
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    for (const s of subscribers) s.peer.close();
    publisher.close();
    media.stop();
    await sfu?.stop();
  });

  it('publishes three rid layers and each subscriber gets the layer it prefers', async () => {
    const transceiver = publisher.pc.addTransceiver(media.videoTrack, {
      direction: 'sendonly',
      sendEncodings: [
        { rid: 'c', scaleResolutionDownBy: 4 },
        { rid: 'b', scaleResolutionDownBy: 2 },
        { rid: 'a', scaleResolutionDownBy: 1 },
      ],
    });
    const { sessionId } = await client.newSession();
    const result = await client.newTracks(sessionId, {
      sessionDescription: await publisher.offer(),
      tracks: [{ location: 'local', mid: transceiver.mid, trackName: 'screen' }],
    });
    expect(result.tracks[0]!.errorCode).toBeUndefined();
    expect(result.sessionDescription!.sdp).toMatch(/a=simulcast:recv c;b;a/);
    await publisher.pc.setRemoteDescription(result.sessionDescription!);

    for (const [rid, width, height] of [
      ['c', 320, 180],
      ['b', 640, 360],
    ] as const) {
      const subscriber = await pull(client, [{ sessionId, trackName: 'screen', simulcast: { preferredRid: rid } }]);
      subscribers.push(subscriber);
      const mid = subscriber.results[0]!.mid!;
      await eventually(
        `layer ${rid} (${width}x${height}) decoded`,
        () => {
          const video = subscriber.peer.video.get(mid);
          return video !== undefined && video.frames > 5 && video.width === width && video.height === height;
        },
        20_000,
      );
    }
  });
});
