import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTracksDocument,
  AppDocument,
  CloseTracksDocument,
  CreateSessionDocument,
  EventsDocument,
  RenegotiateDocument,
  SessionDocument,
  SessionsDocument,
} from '../../schema/generated/operations.js';
import { CallsClient } from '../helpers/callsClient.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { createSession } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';
import { subscribeOverSse, subscribeOverWebSocket } from './support/subscriptions.js';

const [one, two] = testApps;

describe('the GraphQL API: auth, typed errors, queries, one domain with REST', () => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  let gqlTwo: GraphQLClient;

  beforeAll(async () => {
    sfu = await startSfu();
    gql = new GraphQLClient(sfu.fetch, one.secret);
    gqlTwo = new GraphQLClient(sfu.fetch, two.secret);
  });

  afterAll(async () => {
    await sfu?.stop();
  });

  it('names the app its bearer secret belongs to', async () => {
    expect((await gql.request(AppDocument)).app).toEqual({ id: one.id, name: one.id });
    expect((await gqlTwo.request(AppDocument)).app.id).toBe(two.id);
  });

  it('refuses a wrong or missing secret over HTTP with 401 and extensions.code unauthorized', async () => {
    const refused: Record<string, string>[] = [{ Authorization: 'Bearer not-a-secret-of-any-app' }, {}];
    for (const headers of refused) {
      const result = await gql.raw(AppDocument, {}, headers);
      expect(result.status).toBe(401);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('unauthorized');
    }
  });

  it('refuses a wrong or missing secret on the WebSocket handshake with 4403', async () => {
    for (const params of [{ authorization: 'Bearer not-a-secret-of-any-app' }, { secret: 'nope-nope-nope' }, {}]) {
      const sub = subscribeOverWebSocket(sfu.url, params, EventsDocument, {});
      const closed = await sub.closed;
      expect(closed.code).toBe(4403);
      await sub.close();
    }
  });

  it('refuses a wrong secret for an SSE subscription with 401', async () => {
    const sub = subscribeOverSse(sfu.url, 'not-a-secret-of-any-app', EventsDocument, {});
    try {
      expect((await sub.response).status).toBe(401);
      await expect(sub.log.waitFor('an error', () => false, 5000)).rejects.toThrow(/HTTP 401/);
    } finally {
      await sub.close();
    }
  });

  it("never delivers another app's events, even to a subscriber of everything", async () => {
    const { seq } = (await gqlTwo.request(SessionsDocument, {})).sessions;
    const sub = subscribeOverWebSocket(sfu.url, { secret: two.secret }, EventsDocument, { since: seq });
    try {
      const foreign = await createSession(gql, { room: 'shared-name' });
      const own = await createSession(gqlTwo, { room: 'shared-name' });
      await sub.log.waitFor("app two's own session", (d) => d.events.sessionId === own);
      expect(sub.log.items.map((d) => d.events.sessionId)).not.toContain(foreign);
      const probe = subscribeOverWebSocket(sfu.url, { secret: two.secret }, EventsDocument, { sessionId: foreign, since: seq });
      const mine = await createSession(gqlTwo, {});
      await sub.log.waitFor('a later event of app two', (d) => d.events.sessionId === mine);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(probe.log.items).toEqual([]);
      await probe.close();
    } finally {
      await sub.close();
    }
  });

  it('refuses a body over the size limit with 413 payload_too_large, with or without Content-Length', async () => {
    const big = JSON.stringify({ query: '{ app { id } }', variables: { pad: 'x'.repeat(1_100_000) } });
    const sized = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
      body: big,
    });
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('payload_too_large');

    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await sfu.fetch(
      new Request('http://sfu.test/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: chunked,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);

    const small = await sfu.fetch(
      new Request('http://sfu.test/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
        body: new Blob([JSON.stringify({ query: '{ app { id } }' })]).stream(),
        duplex: 'half',
      } as RequestInit),
    );
    expect(await small.json()).toEqual({ data: { app: { id: one.id } } });
  });

  it('answers an unknown session with a typed SfuError carrying the REST code', async () => {
    const sessionId = 'f'.repeat(32);
    const session = await gql.request(SessionDocument, { sessionId });
    expect(expectTypename(session.session, 'SfuError').code).toBe('not_found');
    const added = await gql.request(AddTracksDocument, { sessionId, input: { tracks: [] } });
    expect(expectTypename(added.addTracks, 'SfuError').code).toBe('not_found');
    const renegotiated = await gql.request(RenegotiateDocument, { sessionId, sessionDescription: { type: 'answer', sdp: 'v=0' } });
    expect(expectTypename(renegotiated.renegotiate, 'SfuError').code).toBe('not_found');
    const closed = await gql.request(CloseTracksDocument, { sessionId, input: { mids: ['0'], force: true } });
    expect(expectTypename(closed.closeTracks, 'SfuError').code).toBe('not_found');
  });

  it('answers a garbage offer with invalid_session_description', async () => {
    const { createSession: result } = await gql.request(CreateSessionDocument, {
      input: { sessionDescription: { type: 'offer', sdp: 'this is not sdp' } },
    });
    expect(expectTypename(result, 'SfuError').code).toBe('invalid_session_description');
  });

  it('reports per-item failures as TrackError items with the REST codes', async () => {
    const sessionId = await createSession(gql);
    const pulled = await gql.request(AddTracksDocument, {
      sessionId,
      input: { tracks: [{ location: 'remote', sessionId: 'a'.repeat(32), trackName: 'ghost' }, { location: 'remote' }] },
    });
    const tracks = expectTypename(pulled.addTracks, 'AddTracksPayload').tracks;
    expect(tracks.map((t) => t.__typename === 'TrackError' && t.code)).toEqual(['not_found_track_error', 'invalid_params']);
    expect(tracks[0]).toMatchObject({ trackName: 'ghost', sessionId: 'a'.repeat(32), location: 'remote' });

    const closed = await gql.request(CloseTracksDocument, { sessionId, input: { mids: ['7'], force: true } });
    const [item] = expectTypename(closed.closeTracks, 'CloseTracksPayload').tracks;
    expect(item).toMatchObject({ __typename: 'TrackError', code: 'close_track_error', failedMid: '7' });
  });

  it('lists live sessions by room with their metadata, and never another app\'s', async () => {
    const inLobby = await createSession(gql, { room: 'lobby', metadata: { name: 'ann', seat: 3 } });
    const elsewhere = await createSession(gql, { room: 'kitchen' });
    const otherApp = await createSession(gqlTwo, { room: 'lobby' });

    const lobby = (await gql.request(SessionsDocument, { room: 'lobby' })).sessions.sessions;
    expect(lobby.map((s) => s.sessionId)).toEqual([inLobby]);
    expect(lobby[0]).toMatchObject({ room: 'lobby', metadata: { name: 'ann', seat: 3 }, connectionState: 'new', tracks: [] });
    const all = (await gql.request(SessionsDocument, {})).sessions.sessions.map((s) => s.sessionId);
    expect(all).toEqual(expect.arrayContaining([inLobby, elsewhere]));
    expect(all).not.toContain(otherApp);

    const foreign = await gqlTwo.request(SessionDocument, { sessionId: inLobby });
    expect(expectTypename(foreign.session, 'SfuError').code).toBe('not_found');
  });

  it('shows a session made over REST in GraphQL queries and replays its events (one domain, two faces)', async () => {
    const { seq } = (await gql.request(SessionsDocument, {})).sessions;
    const rest = new CallsClient(sfu.url, one.id, one.secret);
    const { sessionId } = await rest.newSession();

    const state = await gql.request(SessionDocument, { sessionId });
    expect(expectTypename(state.session, 'Session')).toMatchObject({ sessionId, room: null, connectionState: 'new' });
    expect((await gql.request(SessionsDocument, {})).sessions.sessions.map((s) => s.sessionId)).toContain(sessionId);

    const sub = subscribeOverWebSocket(sfu.url, { authorization: `Bearer ${one.secret}` }, EventsDocument, { sessionId, since: seq });
    try {
      const created = await sub.log.waitFor('SessionCreated', (d) => d.events.__typename === 'SessionCreated');
      expect(created.events).toMatchObject({ sessionId, seq: seq + 1 });
    } finally {
      await sub.close();
    }
  });

  it('lets a late subscriber query the state, then follow from its seq with no gap and no duplicate', async () => {
    const room = 'late';
    await createSession(gql, { room });
    const snapshot = (await gql.request(SessionsDocument, { room })).sessions;
    expect(snapshot.sessions).toHaveLength(1);
    const missed = await createSession(gql, { room }); // after the snapshot, before subscribing
    await createSession(gqlTwo, { room }); // another app's: never delivered

    const sub = subscribeOverWebSocket(sfu.url, { secret: one.secret }, EventsDocument, { room, since: snapshot.seq });
    try {
      await sub.log.waitFor('the missed SessionCreated', (d) => d.events.sessionId === missed);
      const live = await createSession(gql, { room });
      await sub.log.waitFor('the live SessionCreated', (d) => d.events.sessionId === live);
      const seen = sub.log.items.map((d) => d.events);
      expect(seen.map((e) => e.sessionId)).toEqual([missed, live]);
      expect(seen[0]!.seq).toBeGreaterThan(snapshot.seq);
      expect(seen[1]!.seq).toBeGreaterThan(seen[0]!.seq);
    } finally {
      await sub.close();
    }
  });

  it('refuses a since that is ahead of the server with invalid_params', async () => {
    const { seq } = (await gql.request(SessionsDocument, {})).sessions;
    const sub = subscribeOverWebSocket(sfu.url, { secret: one.secret }, EventsDocument, { since: seq + 1000 });
    try {
      await expect(sub.log.waitFor('an error', () => false, 5000)).rejects.toThrow(/ahead of the last event/);
      expect(sub.log.error).toEqual([expect.objectContaining({ extensions: { code: 'invalid_params' } })]);
    } finally {
      await sub.close();
    }
  });

  it('serves GraphiQL at /graphql to a browser', async () => {
    const response = await sfu.fetch(new Request('http://sfu.test/graphql', { headers: { Accept: 'text/html' } }));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });
});
