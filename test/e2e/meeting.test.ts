import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('a small meeting across two workers', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const people: Publisher[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ media: { workers: 2 } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers(people);
    await sfu?.stop();
  });

  it('three sessions publish and each pulls the other two on its one PeerConnection', async () => {
    for (const name of ['ann', 'bob', 'cid']) people.push(await publish(client, name));
    const workerPids = new Set(sfu.pool.workers.map((w) => w.pid));
    expect(workerPids.size).toBe(2);
    expect(sfu.pool.workers.map((w) => w.sessionCount).sort()).toEqual([1, 2]);

    const videoMids = new Map<Publisher, string[]>();
    for (const me of people) {
      const others = people.filter((p) => p !== me);
      const pulled = await pull(
        client,
        others.flatMap((o) => [
          { sessionId: o.sessionId, trackName: o.tracks.video },
          { sessionId: o.sessionId, trackName: o.tracks.audio },
        ]),
        { peer: me.peer, sessionId: me.sessionId },
      );
      expect(pulled.results.filter((r) => r.errorCode)).toEqual([]);
      videoMids.set(me, pulled.results.filter((r) => r.trackName!.endsWith('-video')).map((r) => r.mid!));
    }

    for (const me of people) {
      for (const mid of videoMids.get(me)!) {
        await eventually(`frames at mid ${mid}`, () => (me.peer.video.get(mid)?.frames ?? 0) > 10);
      }
      await eventually('audio from both others', async () => (await me.peer.packetsReceived('audio')) > 100);
      const state = await client.getSession(me.sessionId);
      expect(state.tracks.filter((t) => t.location === 'local').map((t) => t.status)).toEqual(['active', 'active']);
      expect(state.tracks.filter((t) => t.location === 'remote')).toHaveLength(4);
    }
  });
});
