import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CallsClient } from '../helpers/callsClient.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';

/** A crowded room: every watcher reads the newcomer's session on each event, as the room page does. */
const [one] = testApps;
const WATCHERS = 30;
let sfu: RunningSfu;

beforeAll(async () => {
  sfu = await startSfu();
});
afterAll(() => sfu?.stop());

interface EventMessage {
  type: string;
  payload?: { data?: { events: { __typename: string; sessionId: string; session: { sessionId: string; tracks: { trackName: string; publisher: { sessionId: string } | null }[] } | null } }; errors?: unknown[] };
}

async function watch(room: string): Promise<{ socket: WebSocket; messages: EventMessage[] }> {
  const socket = new WebSocket(`${sfu.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: EventMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as EventMessage));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { secret: one.secret } }));
  const deadline = Date.now() + 5_000;
  while (!messages.some((m) => m.type === 'connection_ack') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const query = `subscription($room: String) { events(room: $room) { __typename sessionId session { sessionId tracks { trackName publisher { sessionId } } } } }`;
  socket.send(JSON.stringify({ id: 'events', type: 'subscribe', payload: { query, variables: { room } } }));
  return { socket, messages };
}

describe('reads of a session in a watched room', () => {
  it(`${WATCHERS} watchers selecting session while a newcomer publishes: no null for a live session, and the owner is never 429`, async () => {
    const watchers = await Promise.all(Array.from({ length: WATCHERS }, () => watch('crowded')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ query: 'mutation { createSession(input: { room: "crowded" }) { ... on CreateSessionPayload { sessionId } } }' }),
    });
    const sessionId = ((await created.json()) as { data: { createSession: { sessionId: string } } }).data.createSession.sessionId;
    const client = new CallsClient(sfu.url, one.id, one.secret);
    const published = await client.call('POST', `/sessions/${sessionId}/tracks/new`, {
      sessionDescription: { type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') },
      tracks: [
        { location: 'local', mid: '0', trackName: 'mic' },
        { location: 'local', mid: '1', trackName: 'cam' },
      ],
    });
    expect(published.status).toBe(200);

    const deadline = Date.now() + 10_000;
    const events = (w: { messages: EventMessage[] }) => w.messages.filter((m) => m.type === 'next').map((m) => m.payload!);
    while (watchers.some((w) => events(w).length < 3) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const watcher of watchers) {
      const seen = events(watcher);
      expect(seen.map((p) => p.errors)).toEqual([undefined, undefined, undefined]);
      expect(seen.map((p) => p.data!.events.__typename)).toEqual(['SessionCreated', 'TrackPublished', 'TrackPublished']);
      for (const payload of seen) {
        expect(payload.data!.events.session?.sessionId).toBe(sessionId);
        for (const track of payload.data!.events.session!.tracks) expect(track.publisher?.sessionId).toBe(sessionId);
      }
    }
    // The owner's own budget is untouched by all those reads: its next calls are not 429.
    for (let i = 0; i < 5; i++) expect((await client.call('GET', `/sessions/${sessionId}`)).status).toBe(200);
    for (const watcher of watchers) watcher.socket.close();
  });
});
