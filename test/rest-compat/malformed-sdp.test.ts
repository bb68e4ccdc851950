import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const fixtures = ['chromium-sendonly-audio-video.sdp', 'chromium-sendonly-simulcast.sdp', 'wrtc-sendonly-audio-video.sdp', 'werift-sendonly-audio-video.sdp'];
const junk = ['', '0', '-1', '65536', '4294967296', 'x', 'a=b=c', '\u0000', '9'.repeat(40), 'UDP/TLS/RTP/SAVPF', 'sendonly recvonly'];

/** One mangled real offer: lines dropped, duplicated, or with a token replaced by junk. */
function mangle(sdp: string, next: () => number): string {
  const lines = sdp.split('\r\n');
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * lines.length);
    const choice = next();
    if (choice < 0.3) lines.splice(at, 1);
    else if (choice < 0.5) lines.splice(at, 0, lines[Math.floor(next() * lines.length)]!);
    else {
      const tokens = lines[at]!.split(/([ :=/;])/);
      const t = Math.floor(next() * tokens.length);
      tokens[t] = junk[Math.floor(next() * junk.length)]!;
      lines[at] = tokens.join('');
    }
  }
  return lines.join('\r\n');
}

describe('malformed SDP from real offers', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let publisher: Publisher;
  let subscriber: Subscriber;

  beforeAll(async () => {
    sfu = await startSfu({ limits: { callsPerSecondPerSession: 10_000 } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    closePeers([publisher, subscriber]);
    await sfu?.stop();
  });

  it('never answers 500, never kills a worker, and never disturbs another session', async () => {
    publisher = await publish(client);
    subscriber = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.video }]);
    const mid = subscriber.results[0]!.mid!;
    await eventually('frames before', () => (subscriber.peer.video.get(mid)?.frames ?? 0) > 5);
    const pids = sfu.pool.workers.map((w) => w.pid);

    const next = random(42);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 150; i++) {
      const sdp = mangle(loadSdpFixture(fixtures[i % fixtures.length]!), next);
      const { sessionId } = await client.newSession();
      const result = await client.call('POST', `/sessions/${sessionId}/tracks/new`, {
        sessionDescription: { type: 'offer', sdp },
        tracks: [
          { location: 'local', mid: '0', trackName: 'a' },
          { location: 'local', mid: '1', trackName: 'b' },
        ],
      });
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status !== 200) {
        expect(result.status, JSON.stringify(result.body)).toBe(400);
        expect(result.body).toEqual({ errorCode: 'invalid_session_description', errorDescription: expect.any(String) });
      }
    }
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(sfu.pool.workers.map((w) => w.pid)).toEqual(pids);
    const frames = subscriber.peer.video.get(mid)!.frames;
    await eventually('frames after', () => subscriber.peer.video.get(mid)!.frames > frames + 10);
  });

  it('answers a mangled client answer to an SFU offer with 400, never 500', async () => {
    // One real answer from a libwebrtc peer to the SFU's pull offer, then mangled for fresh sessions.
    const template = await pull(client, [{ sessionId: publisher.sessionId, trackName: publisher.tracks.audio }]);
    const answer = template.peer.pc.localDescription!.sdp;
    template.peer.close();
    const next = random(7);
    const statuses = new Set<number>();
    for (let i = 0; i < 80; i++) {
      const { sessionId } = await client.newSession();
      const offered = await client.newTracks(sessionId, { tracks: [{ location: 'remote', sessionId: publisher.sessionId, trackName: publisher.tracks.audio }] });
      expect(offered.sessionDescription?.type).toBe('offer');
      const result = await client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: { type: 'answer', sdp: mangle(answer, next) } });
      statuses.add(result.status);
      if (result.status !== 200) {
        expect(result.status, JSON.stringify(result.body)).toBe(400);
        expect(result.body).toEqual({ errorCode: 'invalid_session_description', errorDescription: expect.any(String) });
      }
    }
    expect(statuses.has(400)).toBe(true);
  });
});
