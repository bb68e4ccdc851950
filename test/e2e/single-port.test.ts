import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

/** A UDP port free right now on loopback. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('one media port for all sessions (SFU_RTC_PORT)', () => {
  let sfu: RunningSfu;
  let port: number;
  const peers: (Publisher | Subscriber)[] = [];

  beforeAll(async () => {
    port = await freeUdpPort();
    sfu = await startSfu({ media: { rtcPort: port } });
  });

  afterAll(async () => {
    closePeers(peers);
    await sfu?.stop();
  });

  it('offers the one port in every session and carries media through it', async () => {
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    const publisher = await publish(client);
    peers.push(publisher);
    const subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    peers.push(subscriber);
    for (const peer of [publisher.peer, subscriber.peer]) {
      const remote = peer.pc.remoteDescription!.sdp;
      const ports = [...remote.matchAll(/a=candidate:\S+ 1 (?:udp|tcp) \d+ \S+ (\d+) typ host/gi)].map((m: RegExpMatchArray) => Number(m[1]));
      expect(new Set(ports)).toEqual(new Set([port]));
    }
    const mid = subscriber.results[0]!.mid!;
    await eventually('frames through the shared port', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
  });
});
