/**
 * What an access token lets its holder do, for every REST route and every GraphQL operation and
 * subscription: one row per call, one column per kind of caller, and after every refusal a check
 * that nothing changed (the app's event seq and the target session's state).
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddDataChannelsDocument,
  AddTracksDocument,
  AppDocument,
  CloseDataChannelsDocument,
  CloseSessionDocument,
  CloseTracksDocument,
  CloseWebSocketAdaptersDocument,
  CreateAccessTokenDocument,
  CreateSessionDocument,
  CreateWebSocketAdaptersDocument,
  EstablishDataChannelsDocument,
  EventsDocument,
  MuteTracksDocument,
  RenegotiateDocument,
  RoomDocument,
  SessionDocument,
  SessionsDocument,
  UpdateDataChannelsDocument,
  UpdateTracksDocument,
} from '../../schema/generated/operations.js';
import { CallsClient, type CallResult } from '../helpers/callsClient.js';
import { closePeers, publish, type Publisher } from '../helpers/flows.js';
import { freePort } from '../helpers/freePort.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';
import { GraphQLClient, type GraphQLResponse } from '../schema/support/graphqlClient.js';
import { subscribeOverSse, subscribeOverWebSocket } from '../schema/support/subscriptions.js';

const [appOne, appTwo] = testApps;
const callers = ['secret', 'owner', 'peer', 'stranger', 'noPublish', 'noSubscribe', 'noData', 'expired', 'forged', 'otherApp'] as const;
type CallerName = (typeof callers)[number];
/** a: allowed · u: 401 unauthorized · n: 404 not_found (as if absent) · h: the item is not found (a track or channel of another room) */
type Outcome = 'a' | 'u' | 'n' | 'h';

const now = () => Math.floor(Date.now() / 1000);
function sign(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT({ iat: now(), exp: now() + 600, ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

describe('access token scopes', () => {
  let sfu: RunningSfu;
  const bearer = {} as Record<CallerName, string>;
  const rest = {} as Record<CallerName, CallsClient>;
  const gql = {} as Record<CallerName, GraphQLClient>;
  let admin: GraphQLClient;
  /** ann's session in room alpha: publishes audio and video. */
  let ann: Publisher;
  /** A WebSocket adapter endpoint nobody listens on: the secret's adapter fails its handshake, so none is left open. */
  let deadEndpoint: string;

  beforeAll(async () => {
    // Every owner call below lands on ann's session, and ann makes many sessions: lift both limits out of the way.
    sfu = await startSfu({ limits: { callsPerSecondPerSession: 100_000, maxSessionsPerParticipant: 1000 } });
    const one = appOne.secret;
    bearer.secret = one;
    bearer.owner = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha', name: 'Ann' }, one);
    bearer.peer = await sign({ iss: appOne.id, sub: 'bob', room: 'alpha' }, one);
    bearer.stranger = await sign({ iss: appOne.id, sub: 'cat', room: 'beta' }, one);
    bearer.noPublish = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha', grants: { canPublish: false } }, one);
    bearer.noSubscribe = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha', grants: { canSubscribe: false } }, one);
    bearer.noData = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha', grants: { canPublishData: false } }, one);
    bearer.expired = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha', iat: now() - 120, exp: now() - 60 }, one);
    bearer.forged = await sign({ iss: appOne.id, sub: 'ann', room: 'alpha' }, 'not-the-secret-of-app-one');
    bearer.otherApp = await sign({ iss: appTwo.id, sub: 'ann', room: 'alpha' }, appTwo.secret);
    for (const name of callers) {
      rest[name] = new CallsClient(sfu.url, appOne.id, bearer[name]);
      gql[name] = new GraphQLClient((request) => fetch(request), bearer[name], `${sfu.url}/graphql`);
    }
    admin = gql.secret;
    deadEndpoint = `ws://127.0.0.1:${await freePort()}/`;
    ann = await publish(rest.owner, 'cam');
    await eventually('ann connected', () => ann.peer.pc.connectionState === 'connected');
    // ann publishes a DataChannel too: datachannels/establish, answer the SFU offer, then datachannels/new.
    const established = await rest.owner.call<{ sessionDescription: { type: 'offer'; sdp: string } }>('POST', `/sessions/${ann.sessionId}/datachannels/establish`, {});
    await rest.owner.renegotiate(ann.sessionId, await ann.peer.answer(established.body.sessionDescription));
    const chat = await rest.owner.call<{ dataChannels: { id: number }[] }>('POST', `/sessions/${ann.sessionId}/datachannels/new`, { dataChannels: [{ location: 'local', dataChannelName: 'chat' }] });
    const channel = ann.peer.pc.createDataChannel('chat', { negotiated: true, id: chat.body.dataChannels[0]!.id });
    await eventually('ann\'s chat channel open', () => channel.readyState === 'open');
    // Each caller's room has history (events since 0 replay at once); app-two's alpha too.
    await rest.stranger.newSession();
    await gql.otherApp.request(CreateSessionDocument, {});
  }, 60_000);

  afterAll(async () => {
    closePeers([ann]);
    await sfu?.stop();
  });

  /** What the secret sees: the app's last seq and ann's session. A refused call must change neither. */
  async function world(): Promise<string> {
    const [{ sessions }, { session }] = await Promise.all([admin.request(SessionsDocument, {}), admin.request(SessionDocument, { sessionId: ann.sessionId })]);
    return JSON.stringify({ seq: sessions.seq, session });
  }

  /**
   * A new session of the caller's own to pull into (made by ann when the caller cannot make one),
   * with its DataChannel transport offered when `data`.
   */
  async function ownSession(caller: CallerName, data = false): Promise<string> {
    const maker = ['expired', 'forged', 'otherApp'].includes(caller) ? rest.owner : rest[caller];
    const { sessionId } = await maker.newSession();
    if (data) await maker.call('POST', `/sessions/${sessionId}/datachannels/establish`, {});
    return sessionId;
  }

  const garbage = { type: 'offer', sdp: 'v=0 this is not SDP' } as const;

  function ofRest(result: CallResult, items?: 'tracks' | 'dataChannels'): Outcome {
    if (result.status === 401) return 'u';
    if (result.status === 404 && result.body['errorCode'] === 'not_found') return 'n';
    const item = items ? (result.body[items] as { errorCode?: string }[] | undefined)?.[0] : undefined;
    if (item?.errorCode === 'not_found_track_error' || item?.errorCode === 'not_found') return 'h';
    return 'a';
  }

  function ofGraphQL(response: GraphQLResponse<Record<string, unknown>>, items?: string): Outcome {
    const top = response.errors?.[0]?.extensions?.code;
    const payload = Object.values(response.data ?? {})[0] as { __typename?: string; code?: string } & Record<string, unknown>;
    const code = top ?? (payload?.__typename === 'SfuError' ? payload.code : undefined);
    if (code === 'unauthorized') return 'u';
    if (code === 'not_found') return 'n';
    const item = items ? (payload?.[items] as { code?: string }[] | undefined)?.[0] : undefined;
    if (item?.code === 'not_found_track_error' || item?.code === 'not_found') return 'h';
    return 'a';
  }

  const annAdapter = () => ({ location: 'remote' as const, sessionId: ann.sessionId, trackName: ann.tracks.audio, endpoint: deadEndpoint, outputCodec: 'pcm' as const });
  const gqlRaw = (caller: CallerName) => gql[caller].raw.bind(gql[caller]) as (document: unknown, variables?: unknown) => Promise<GraphQLResponse<Record<string, unknown>>>;
  const onAnn = (path: string) => `/sessions/${ann.sessionId}${path}`;

  // Columns: secret owner peer stranger noPublish noSubscribe noData expired forged otherApp
  /**
   * `pullsInto`: the row's call pulls into a new session of the caller's own (with a DataChannel
   * transport for 'data'); 'annSession': it acts on a new session of ann's. Made before the world is looked at.
   */
  const rows: { name: string; expected: string; pullsInto?: 'media' | 'data' | 'annSession'; run: (caller: CallerName, own: string) => Promise<Outcome> }[] = [
    // REST: the app id is in the path, so another app's token is refused outright.
    { name: 'REST POST sessions/new', expected: 'a a a a a a a u u u', run: async (c) => ofRest(await rest[c].call('POST', '/sessions/new')) },
    { name: 'REST GET sessions/{ann}', expected: 'a a a n a a a u u u', run: async (c) => ofRest(await rest[c].call('GET', onAnn(''))) },
    { name: 'REST tracks/new publish on ann', expected: 'a a u n u a a u u u', run: async (c) => ofRest(await rest[c].call('POST', onAnn('/tracks/new'), { sessionDescription: garbage, tracks: [{ location: 'local', mid: '0', trackName: 'x' }] })) },
    { name: 'REST tracks/new autoDiscover on ann', expected: 'a a u n u a a u u u', run: async (c) => ofRest(await rest[c].call('POST', onAnn('/tracks/new'), { sessionDescription: garbage, autoDiscover: true })) },
    {
      name: "REST tracks/new pull of ann's track",
      expected: 'a a a h a u a u u u',
      pullsInto: 'media',
      run: async (c, own) => {
        return ofRest(await rest[c].call('POST', `/sessions/${own}/tracks/new`, { tracks: [{ location: 'remote', sessionId: ann.sessionId, trackName: ann.tracks.audio }] }), 'tracks');
      },
    },
    { name: 'REST renegotiate ann', expected: 'a a u n a a a u u u', run: async (c) => ofRest(await rest[c].call('PUT', onAnn('/renegotiate'), { sessionDescription: garbage })) },
    { name: 'REST tracks/update on ann', expected: 'a a u n a u a u u u', run: async (c) => ofRest(await rest[c].call('PUT', onAnn('/tracks/update'), { tracks: [] })) },
    { name: 'REST tracks/close on ann', expected: 'a a u n a a a u u u', run: async (c) => ofRest(await rest[c].call('PUT', onAnn('/tracks/close'), { tracks: [{ mid: '99' }], force: true })) },
    { name: 'REST datachannels/establish on ann', expected: 'a a u n a a a u u u', run: async (c) => ofRest(await rest[c].call('POST', onAnn('/datachannels/establish'), { sessionDescription: garbage })) },
    { name: 'REST datachannels/new publish on ann', expected: 'a a u n a a u u u u', run: async (c) => ofRest(await rest[c].call('POST', onAnn('/datachannels/new'), { dataChannels: [{ location: 'local', dataChannelName: 'scoped' }] })) },
    {
      name: "REST datachannels/new pull of ann's channel",
      expected: 'a a a h a u a u u u',
      pullsInto: 'data',
      run: async (c, own) => {
        return ofRest(await rest[c].call('POST', `/sessions/${own}/datachannels/new`, { dataChannels: [{ location: 'remote', sessionId: ann.sessionId, dataChannelName: 'chat' }] }), 'dataChannels');
      },
    },
    { name: 'REST datachannels/update on ann', expected: 'a a u n a a a u u u', run: async (c) => ofRest(await rest[c].call('PUT', onAnn('/datachannels/update'), { dataChannels: [] })) },
    { name: 'REST datachannels/close on ann', expected: 'a a u n a a a u u u', run: async (c) => ofRest(await rest[c].call('PUT', onAnn('/datachannels/close'), { dataChannels: [{ id: 999 }] })) },
    { name: "REST adapters/websocket/new on ann's track", expected: 'a u u u u u u u u u', run: async (c) => ofRest(await rest[c].call('POST', '/adapters/websocket/new', { tracks: [annAdapter()] })) },
    { name: 'REST adapters/websocket/close', expected: 'a u u u u u u u u u', run: async (c) => ofRest(await rest[c].call('POST', '/adapters/websocket/close', { tracks: [{ adapterId: 'nope' }] })) },

    // GraphQL: the bearer alone names the app, so another app's token is a caller of app-two, to which app-one's sessions do not exist.
    { name: 'GraphQL app', expected: 'a a a a a a a u u a', run: async (c) => ofGraphQL(await gqlRaw(c)(AppDocument)) },
    { name: 'GraphQL createSession', expected: 'a a a a a a a u u a', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateSessionDocument, {})) },
    { name: 'GraphQL createSession in room beta', expected: 'a u u a u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateSessionDocument, { input: { room: 'beta' } })) },
    { name: 'GraphQL createSession as identity zed', expected: 'a u u u u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateSessionDocument, { input: { identity: 'zed' } })) },
    { name: 'GraphQL createSession with metadata', expected: 'a u u u u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateSessionDocument, { input: { metadata: { admin: true } } })) },
    { name: 'GraphQL session(ann)', expected: 'a a a n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(SessionDocument, { sessionId: ann.sessionId })) },
    { name: 'GraphQL sessions(room: alpha)', expected: 'a a a u a a a u u a', run: async (c) => ofGraphQL(await gqlRaw(c)(SessionsDocument, { room: 'alpha' })) },
    { name: 'GraphQL room(alpha)', expected: 'a a a u a a a u u a', run: async (c) => ofGraphQL(await gqlRaw(c)(RoomDocument, { name: 'alpha' })) },
    { name: 'GraphQL room(beta)', expected: 'a u u a u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(RoomDocument, { name: 'beta' })) },
    {
      name: 'GraphQL addTracks publish on ann',
      expected: 'a a u n u a a u u n',
      run: async (c) => ofGraphQL(await gqlRaw(c)(AddTracksDocument, { sessionId: ann.sessionId, input: { sessionDescription: garbage, tracks: [{ location: 'local', mid: '0', trackName: 'x' }] } })),
    },
    {
      name: "GraphQL addTracks pull of ann's track",
      expected: 'a a a h a u a u u n',
      pullsInto: 'media',
      run: async (c, own) => {
        return ofGraphQL(await gqlRaw(c)(AddTracksDocument, { sessionId: own, input: { tracks: [{ location: 'remote', sessionId: ann.sessionId, trackName: ann.tracks.video }] } }), 'tracks');
      },
    },
    { name: 'GraphQL renegotiate ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(RenegotiateDocument, { sessionId: ann.sessionId, sessionDescription: garbage })) },
    { name: 'GraphQL updateTracks on ann', expected: 'a a u n a u a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(UpdateTracksDocument, { sessionId: ann.sessionId, input: { tracks: [] } })) },
    { name: 'GraphQL closeTracks on ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(CloseTracksDocument, { sessionId: ann.sessionId, input: { mids: ['99'], force: true } })) },
    { name: 'GraphQL muteTracks on ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(MuteTracksDocument, { sessionId: ann.sessionId, tracks: [{ mid: '99', muted: true }] })) },
    { name: 'GraphQL establishDataChannels on ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(EstablishDataChannelsDocument, { sessionId: ann.sessionId, input: { sessionDescription: garbage } })) },
    {
      name: 'GraphQL addDataChannels publish on ann',
      expected: 'a a u n a a u u u n',
      run: async (c) => ofGraphQL(await gqlRaw(c)(AddDataChannelsDocument, { sessionId: ann.sessionId, input: { dataChannels: [{ location: 'local', dataChannelName: 'scoped' }] } })),
    },
    {
      name: "GraphQL addDataChannels pull of ann's channel",
      expected: 'a a a h a u a u u n',
      pullsInto: 'data',
      run: async (c, own) => {
        return ofGraphQL(
          await gqlRaw(c)(AddDataChannelsDocument, { sessionId: own, input: { dataChannels: [{ location: 'remote', sessionId: ann.sessionId, dataChannelName: 'chat' }] } }),
          'dataChannels',
        );
      },
    },
    { name: 'GraphQL updateDataChannels on ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(UpdateDataChannelsDocument, { sessionId: ann.sessionId, input: { dataChannels: [] } })) },
    { name: 'GraphQL closeDataChannels on ann', expected: 'a a u n a a a u u n', run: async (c) => ofGraphQL(await gqlRaw(c)(CloseDataChannelsDocument, { sessionId: ann.sessionId, input: { ids: [999] } })) },
    { name: 'GraphQL closeSession of ann', expected: 'a a u n a a a u u n', pullsInto: 'annSession', run: async (c, own) => ofGraphQL(await gqlRaw(c)(CloseSessionDocument, { sessionId: own })) },
    { name: 'GraphQL createAccessToken', expected: 'a u u u u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateAccessTokenDocument, { input: { room: 'alpha', identity: 'eve' } })) },
    { name: "GraphQL createWebSocketAdapters on ann's track", expected: 'a u u u u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CreateWebSocketAdaptersDocument, { tracks: [annAdapter()] })) },
    { name: 'GraphQL closeWebSocketAdapters', expected: 'a u u u u u u u u u', run: async (c) => ofGraphQL(await gqlRaw(c)(CloseWebSocketAdaptersDocument, { adapterIds: ['nope'] })) },
    { name: 'SSE events()', expected: 'a a a a a a a u u a', run: (c) => subscription(c, {}) },
    { name: 'SSE events(room: alpha)', expected: 'a a a u a a a u u a', run: (c) => subscription(c, { room: 'alpha' }) },
    { name: 'SSE events(room: beta)', expected: 'a u u a u u u u u u', run: (c) => subscription(c, { room: 'beta' }) },
    { name: 'SSE events(sessionId: ann)', expected: 'a a a n a a a u u n', run: (c) => subscription(c, { sessionId: ann.sessionId }) },
  ];

  /** The first result of an SSE subscription replaying from seq 0: its events must all be of the caller's room. */
  async function subscription(caller: CallerName, variables: { room?: string; sessionId?: string }): Promise<Outcome> {
    const sse = subscribeOverSse(sfu.url, bearer[caller], EventsDocument, { ...variables, since: 0 });
    try {
      await sse.log.waitFor('a first event', () => true, 5_000).catch(() => undefined);
      if (sse.log.error) {
        const code = (sse.log.error as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? String(sse.log.error).match(/HTTP 401/)?.[0];
        if (code === 'unauthorized' || code === 'HTTP 401') return 'u';
        if (code === 'not_found') return 'n';
        throw new Error(`unexpected subscription error: ${JSON.stringify(sse.log.error)}`);
      }
      expect(sse.log.items.length).toBeGreaterThan(0);
      const room = { owner: 'alpha', peer: 'alpha', noPublish: 'alpha', noSubscribe: 'alpha', noData: 'alpha', stranger: 'beta', otherApp: 'alpha' }[caller as string];
      if (room) for (const { events } of sse.log.items) expect(events.room, `${caller} hears only room ${room}`).toBe(room);
      return 'a';
    } finally {
      await sse.close();
    }
  }

  it('every REST route and GraphQL operation and subscription allows and refuses as documented, and a refusal changes nothing', async () => {
    const failures: string[] = [];
    for (const row of rows) {
      const expected = row.expected.split(' ') as Outcome[];
      expect(expected, row.name).toHaveLength(callers.length);
      for (const [i, caller] of callers.entries()) {
        const own =
          row.pullsInto === 'annSession' ? (await rest.owner.newSession()).sessionId : row.pullsInto ? await ownSession(caller, row.pullsInto === 'data') : '';
        const before = expected[i] === 'a' ? undefined : await world();
        const outcome = await row.run(caller, own);
        if (outcome !== expected[i]) failures.push(`${row.name} by ${caller}: expected ${expected[i]}, got ${outcome}`);
        if (before !== undefined && outcome !== 'a' && (await world()) !== before) failures.push(`${row.name} by ${caller}: refused, yet something changed`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("another room's session is answered exactly as one that does not exist", async () => {
    const missing = 'f'.repeat(32);
    const hidden = await rest.stranger.call('GET', onAnn(''));
    const absent = await rest.stranger.call('GET', `/sessions/${missing}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ ...absent.body, errorDescription: String(absent.body['errorDescription']).replace(missing, ann.sessionId) });
    const own = await ownSession('stranger');
    const pulls = await Promise.all(
      [ann.sessionId, missing].map((sessionId) => rest.stranger.call<{ tracks: { errorDescription: string }[] }>('POST', `/sessions/${own}/tracks/new`, { tracks: [{ location: 'remote', sessionId, trackName: ann.tracks.audio }] })),
    );
    expect(pulls[0]!.body.tracks[0]!.errorDescription).toBe(pulls[1]!.body.tracks[0]!.errorDescription.replace(missing, ann.sessionId));
  });

  it('a refused token gets 401 saying why, on REST, GraphQL over HTTP and graphql-ws', async () => {
    const expired = await rest.expired.call('GET', onAnn(''));
    expect(expired).toMatchObject({ status: 401, body: { errorCode: 'unauthorized', errorDescription: expect.stringMatching(/^the access token expired at /) } });
    const otherApp = await rest.otherApp.call('GET', onAnn(''));
    expect(otherApp.body['errorDescription']).toBe(`the access token was issued for app "${appTwo.id}", not ${appOne.id}`);
    const forged = await gql.forged.raw(AppDocument);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]).toMatchObject({ message: `the access token's signature does not verify with the secret of app ${appOne.id}`, extensions: { code: 'unauthorized' } });
    const ws = subscribeOverWebSocket(sfu.url, { token: bearer.forged }, EventsDocument, {});
    expect(await ws.closed).toEqual(expect.objectContaining({ code: 4403, reason: expect.stringMatching(/signature does not verify/) }));
    await ws.close();
    // A good token over graphql-ws: its room's events only.
    const live = subscribeOverWebSocket(sfu.url, { token: bearer.peer }, EventsDocument, { since: 0 });
    const first = await live.log.waitFor('an event of alpha', () => true);
    expect(first.events.room).toBe('alpha');
    await live.close();
  });
});

describe('sessions per token holder', () => {
  let sfu: RunningSfu;
  afterAll(async () => sfu?.stop());

  it('one holder may keep only so many live sessions; others of the app, and the secret, are not held back by it', async () => {
    sfu = await startSfu({ limits: { maxSessionsPerParticipant: 3 }, graphql: { maxSubscriptionsPerParticipant: 2 } });
    const as = async (sub: string) => new CallsClient(sfu.url, appOne.id, await sign({ iss: appOne.id, sub, room: 'alpha' }, appOne.secret));
    const hog = await as('hog');
    for (let i = 0; i < 3; i++) expect((await hog.call('POST', '/sessions/new')).status).toBe(201);
    const refused = await hog.call('POST', '/sessions/new');
    expect(refused).toMatchObject({ status: 406, body: { errorCode: 'invalid_params', errorDescription: expect.stringMatching(/"hog" of room "alpha" already has 3 live sessions/) } });
    expect((await (await as('other')).call('POST', '/sessions/new')).status).toBe(201);
    expect((await new CallsClient(sfu.url, appOne.id, appOne.secret).call('POST', '/sessions/new')).status).toBe(201);
  });

  it('one holder may keep only so many subscriptions and graphql-ws connections; another holder is not held back', async () => {
    const token = (sub: string) => sign({ iss: appOne.id, sub, room: 'alpha' }, appOne.secret);
    const hog = await token('hog');
    const open = [subscribeOverSse(sfu.url, hog, EventsDocument, {}), subscribeOverSse(sfu.url, hog, EventsDocument, {})];
    await Promise.all(open.map((s) => s.response));
    const third = subscribeOverSse(sfu.url, hog, EventsDocument, {});
    await third.log.waitFor('refusal', () => false, 5_000).catch(() => undefined);
    expect(JSON.stringify(third.log.error)).toMatch(/participant \\"hog\\" already has 2 live subscriptions/);
    const other = subscribeOverSse(sfu.url, await token('other'), EventsDocument, {});
    expect((await other.response).status).toBe(200);
    for (const s of [...open, third, other]) await s.close();
    // Connections count as well: two sockets, then the third is closed with 1013.
    const sockets = [0, 1].map(() => subscribeOverWebSocket(sfu.url, { token: hog }, EventsDocument, {}));
    await new Promise((r) => setTimeout(r, 500));
    const refused = subscribeOverWebSocket(sfu.url, { token: hog }, EventsDocument, {});
    expect(await refused.closed).toMatchObject({ code: 1013, reason: 'too many connections for this participant' });
    for (const s of [...sockets, refused]) await s.close();
  });
});
