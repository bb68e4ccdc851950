import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { coturnMissing, startCoturn, type RunningCoturn } from '../helpers/coturn.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, WrtcPeer } from '../helpers/wrtcPeer.js';

const missing = coturnMissing();
if (missing) console.warn(`skipping the TURN relay tests: ${missing}`);

describe.skipIf(missing !== undefined)('media relayed by coturn with credentials from generate-ice-servers', () => {
  const secret = randomBytes(24).toString('hex');
  let coturn: RunningCoturn;
  let sfu: RunningSfu;
  let client: CallsClient;
  const peers: (Publisher | Subscriber)[] = [];

  beforeAll(async () => {
    coturn = await startCoturn(secret);
    sfu = await startSfu({ turn: { urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], secret } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers(peers);
    await sfu?.stop();
    await coturn?.stop();
  });

  async function iceServers(): Promise<RTCIceServer[]> {
    const response = await fetch(`${sfu.url}/v1/turn/keys/${testApps[0].id}/credentials/generate-ice-servers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${testApps[0].secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ttl: 600 }),
    });
    expect(response.status).toBe(201);
    const { iceServers } = (await response.json()) as { iceServers: RTCIceServer[] };
    expect(iceServers).toEqual([
      { urls: [`stun:127.0.0.1:${coturn.port}`] },
      { urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], username: expect.stringMatching(/^\d+:[0-9a-f]{16}$/), credential: expect.any(String) },
    ]);
    return iceServers;
  }

  it('a publisher and a subscriber that may only use relay candidates exchange audio and video through the SFU', async () => {
    const relayOnly = async (): Promise<WrtcPeer> => new WrtcPeer({ rtc: { iceServers: await iceServers(), iceTransportPolicy: 'relay' } });
    const publisher = await publish(client, 'relayed', undefined, { peer: await relayOnly() });
    peers.push(publisher);
    const subscriber = await pull(
      client,
      [
        { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
        { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
      ],
      { peer: await relayOnly(), sessionId: (await client.newSession()).sessionId },
    );
    peers.push(subscriber);
    expect(subscriber.results.map((t) => t.errorCode)).toEqual([undefined, undefined]);

    const videoMid = subscriber.results[0]!.mid!;
    await eventually('decoded video frames through the relay', () => (subscriber.peer.video.get(videoMid)?.frames ?? 0) > 10);
    await eventually('audio packets through the relay', async () => (await subscriber.peer.packetsReceived('audio')) > 50);
    for (const peer of [publisher.peer, subscriber.peer]) {
      expect(await peer.selectedCandidateTypes()).toMatchObject({ local: 'relay', remote: 'host', protocol: 'udp' });
    }
    // coturn saw our credentials: allocations authenticated under the shared secret.
    expect(coturn.log()).toMatch(/new, realm=<sfu\.test>, username=<\d+:[0-9a-f]{16}>/);
  });
});
