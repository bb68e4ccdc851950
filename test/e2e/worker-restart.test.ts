import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('a mediasoup worker that dies', () => {
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

  it('is replaced; its sessions end with 410 and new sessions carry media again', async () => {
    const before = await publish(client, 'before');
    peers.push(before);
    const oldPid = sfu.pool.workers[0]!.pid;
    const restarted = new Promise((resolve) => sfu.pool.once('workerRestarted', resolve));
    process.kill(oldPid, 'SIGKILL');
    await restarted;
    expect(sfu.pool.workers[0]!.pid).not.toBe(oldPid);

    const gone = await client.call('GET', `/sessions/${before.sessionId}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ errorCode: 'session_error' });

    const after = await publish(client, 'after');
    peers.push(after);
    const subscriber = await pull(client, [{ sessionId: after.sessionId, trackName: after.tracks.video }]);
    peers.push(subscriber);
    const mid = subscriber.results[0]!.mid!;
    await eventually('frames through the new worker', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
  });
});
