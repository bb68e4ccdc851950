import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketServer } from 'ws';
import {
  CloseSessionDocument,
  CloseWebSocketAdaptersDocument,
  CreateWebSocketAdaptersDocument,
  EventsDocument,
  type EventsSubscription,
  type WebSocketAdapterInput,
} from '../../schema/generated/operations.js';
import type { Logger } from '../../src/service/Logger.js';
import type { SfuService } from '../../src/service/SfuService.js';
import { endpoint, isRunning } from '../helpers/adapterEndpoint.js';
import { eventually } from '../helpers/eventually.js';
import { closePeers, type Publisher } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { accessToken } from '../helpers/tokens.js';
import { publish } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';
import { subscribeOverWebSocket, type Subscription } from './support/subscriptions.js';

type Event = EventsSubscription['events'];

/** Every line the service logs, at every level, as the JSON a log sink would get. */
function recordingLogger(lines: string[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, message, ...fields }));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('WebSocket adapters through GraphQL', () => {
  const [app] = testApps;
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  let ann: Publisher;
  let events: Subscription<{ events: Event }>;
  const logLines: string[] = [];
  const servers: WebSocketServer[] = [];
  const peers: Publisher[] = [];
  /** Every endpoint URL handed to the SFU: each carries a credential in its query. */
  const endpointUrls: string[] = [];

  const adapterEvent = <T extends Event['__typename']>(typename: T, adapterId: string) =>
    events.log.waitFor(`${typename} of ${adapterId}`, ({ events: e }) => e.__typename === typename && 'adapterId' in e && e.adapterId === adapterId).then(({ events: e }) => e as Extract<Event, { __typename: T }>);

  async function listening(): Promise<Awaited<ReturnType<typeof endpoint>>> {
    const target = await endpoint();
    servers.push(target.server);
    endpointUrls.push(target.url);
    return target;
  }

  beforeAll(async () => {
    sfu = await startSfu({}, recordingLogger(logLines));
    gql = new GraphQLClient(sfu.fetch, app.secret);
    // From seq 0, so nothing this file causes in room studio can be missed.
    events = subscribeOverWebSocket(sfu.url, { authorization: `Bearer ${app.secret}` }, EventsDocument, { room: 'studio', since: 0 });
    ann = await publish(gql, { room: 'studio', identity: 'ann', prefix: 'ann' });
    peers.push(ann);
  });

  afterAll(async () => {
    await events?.close();
    closePeers(peers);
    for (const server of servers) server.close();
    await sfu?.stop();
  });

  it('streams a published track to the endpoint as PCM, announces the adapter in events, and closes it with the bytes it sent', async () => {
    const target = await listening();
    const { createWebSocketAdapters } = await gql.request(CreateWebSocketAdaptersDocument, {
      tracks: [{ location: 'remote', sessionId: ann.sessionId, trackName: ann.tracks.audio, endpoint: target.url, outputCodec: 'pcm' }],
    });
    const [created] = expectTypename(createWebSocketAdapters, 'CreateWebSocketAdaptersPayload').adapters;
    const adapter = expectTypename(created!, 'CreatedWebSocketAdapter');
    expect(adapter).toMatchObject({ trackName: ann.tracks.audio, location: 'remote', sessionId: ann.sessionId, endpoint: target.url });
    expect(adapter.adapterId).toMatch(/^[0-9a-f]{32}$/);
    const pid = (sfu.service as SfuService).webSocketAdapter(adapter.adapterId)!.ffmpegPid!;
    expect(isRunning(pid)).toBe(true);

    const opened = await adapterEvent('WebSocketAdapterOpened', adapter.adapterId);
    expect(opened).toMatchObject({ sessionId: ann.sessionId, room: 'studio', identity: 'ann', trackName: ann.tracks.audio, location: 'remote', codec: 'pcm' });
    // Half a second of audio, 20 ms a packet.
    await eventually('25 PCM packets at the endpoint', () => target.packets.length >= 25, 10_000);
    const received = target.packets.reduce((bytes, p) => bytes + p.payload.length, 0);

    const { closeWebSocketAdapters } = await gql.request(CloseWebSocketAdaptersDocument, { adapterIds: [adapter.adapterId] });
    const [closed] = expectTypename(closeWebSocketAdapters, 'CloseWebSocketAdaptersPayload').adapters;
    const bytesProcessed = expectTypename(closed!, 'ClosedWebSocketAdapter').bytesProcessed!;
    expect(bytesProcessed).toBeGreaterThanOrEqual(received);
    expect(isRunning(pid)).toBe(false);
    await target.closed;
    const closedEvent = await adapterEvent('WebSocketAdapterClosed', adapter.adapterId);
    expect(closedEvent).toMatchObject({ sessionId: ann.sessionId, room: 'studio', trackName: ann.tracks.audio, location: 'remote', codec: 'pcm', adapterCloseReason: 'closed', bytesProcessed });
    expect(closedEvent.seq).toBeGreaterThan(opened.seq);

    // Idempotent: closing again succeeds, without a count, and announces nothing more.
    const again = await gql.request(CloseWebSocketAdaptersDocument, { adapterIds: [adapter.adapterId] });
    expect(expectTypename(again.closeWebSocketAdapters, 'CloseWebSocketAdaptersPayload').adapters).toEqual([
      { __typename: 'ClosedWebSocketAdapter', adapterId: adapter.adapterId, bytesProcessed: null },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.log.items.filter(({ events: e }) => 'adapterId' in e && e.adapterId === adapter.adapterId)).toHaveLength(2);
  });

  it("an adapter whose source session ends is announced closed (source_closed) with that session's room and identity", async () => {
    const bob = await publish(gql, { room: 'studio', identity: 'bob', prefix: 'bob' });
    peers.push(bob);
    const target = await listening();
    const { createWebSocketAdapters } = await gql.request(CreateWebSocketAdaptersDocument, {
      tracks: [{ location: 'remote', sessionId: bob.sessionId, trackName: bob.tracks.audio, endpoint: target.url, outputCodec: 'pcm' }],
    });
    const { adapterId } = expectTypename(expectTypename(createWebSocketAdapters, 'CreateWebSocketAdaptersPayload').adapters[0]!, 'CreatedWebSocketAdapter');
    const pid = (sfu.service as SfuService).webSocketAdapter(adapterId)!.ffmpegPid!;
    await eventually('PCM at the endpoint', () => target.packets.length > 0, 10_000);

    expectTypename((await gql.request(CloseSessionDocument, { sessionId: bob.sessionId })).closeSession, 'ClosedSession');
    const closed = await adapterEvent('WebSocketAdapterClosed', adapterId);
    expect(closed).toMatchObject({ sessionId: bob.sessionId, room: 'studio', identity: 'bob', adapterCloseReason: 'source_closed' });
    const left = await events.log.waitFor("bob's SessionLeft", ({ events: e }) => e.__typename === 'SessionLeft' && e.sessionId === bob.sessionId);
    expect(closed.seq).toBeGreaterThan(left.events.seq);
    expect(closed.bytesProcessed).toBeGreaterThan(0);
    await eventually('ffmpeg exited', () => !isRunning(pid));
  });

  it('answers a bad item with a WebSocketAdapterError, a bad request with an SfuError, and an access token with unauthorized', async () => {
    const closedPort = await listening();
    const deadUrl = `ws://127.0.0.1:${(closedPort.server.address() as AddressInfo).port}/adapter?token=dead`;
    endpointUrls.push(deadUrl);
    await closedPort.stop();
    const item: WebSocketAdapterInput = { location: 'remote', sessionId: ann.sessionId, trackName: ann.tracks.audio, endpoint: deadUrl, outputCodec: 'pcm' };

    const { createWebSocketAdapters } = await gql.request(CreateWebSocketAdaptersDocument, {
      tracks: [{ ...item, trackName: 'no-such-track' }, { ...item, trackName: ann.tracks.video }, item],
    });
    const outcomes = expectTypename(createWebSocketAdapters, 'CreateWebSocketAdaptersPayload').adapters;
    expect(outcomes.map((o) => (o.__typename === 'WebSocketAdapterError' ? o.code : o.__typename))).toEqual(['not_found_track_error', 'invalid_params', 'websocket_handshake_failed']);
    expect(outcomes[0]).toMatchObject({ failedTrackName: 'no-such-track', failedSessionId: ann.sessionId, failedLocation: 'remote' });
    expect(outcomes[1]).toMatchObject({ message: expect.stringMatching(/"pcm" needs an audio track/) });

    // The request as a whole, by the service's rules (the same as REST's 406).
    const refusals: [WebSocketAdapterInput[], RegExp][] = [
      [[item, item, item, item, item], /^Expecting 1 to 4 tracks in the request, got 5$/],
      [[], /got 0/],
      [[{ ...item, endpoint: 'https://127.0.0.1/adapter?token=https' }], /^tracks\[0\]\.endpoint must be a ws:\/\/ or wss:\/\/ URL$/],
      [[item, { ...item, trackName: '' }], /^tracks\[1\]\.trackName is required$/],
      [[{ ...item, sessionId: null }], /^tracks\[0\]\.sessionId is required$/],
      [[{ ...item, outputCodec: null }], /^tracks\[0\]\.outputCodec is required$/],
      [[{ location: 'local', trackName: 'ingest', endpoint: deadUrl }], /^tracks\[0\]\.inputCodec is required$/],
    ];
    for (const [tracks, message] of refusals) {
      const result = (await gql.request(CreateWebSocketAdaptersDocument, { tracks })).createWebSocketAdapters;
      expect(expectTypename(result, 'SfuError'), JSON.stringify(tracks)).toMatchObject({ code: 'invalid_params', message: expect.stringMatching(message) });
    }

    const { closeWebSocketAdapters } = await gql.request(CloseWebSocketAdaptersDocument, { adapterIds: ['nope'] });
    expect(expectTypename(closeWebSocketAdapters, 'CloseWebSocketAdaptersPayload').adapters).toEqual([
      { __typename: 'WebSocketAdapterError', code: 'adapter_not_found', message: 'no WebSocket adapter nope in this app', failedAdapterId: 'nope' },
    ]);
    for (const adapterIds of [[''], []]) {
      const result = (await gql.request(CloseWebSocketAdaptersDocument, { adapterIds })).closeWebSocketAdapters;
      expect(expectTypename(result, 'SfuError').code).toBe('invalid_params');
    }

    // ann's own token, in ann's room, on ann's track: still only the secret may.
    const token = new GraphQLClient(sfu.fetch, await accessToken({ room: 'studio', identity: 'ann' }));
    const byToken = (await token.request(CreateWebSocketAdaptersDocument, { tracks: [{ ...item, endpoint: deadUrl }] })).createWebSocketAdapters;
    expect(expectTypename(byToken, 'SfuError')).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/needs the app secret/) });
    const closeByToken = (await token.request(CloseWebSocketAdaptersDocument, { adapterIds: ['nope'] })).closeWebSocketAdapters;
    expect(expectTypename(closeByToken, 'SfuError').code).toBe('unauthorized');
  });

  it('ingests PCM: location local answers the new session, announced app-wide (it has no room) with location local, and closing the adapter ends that session', async () => {
    const appEvents = subscribeOverWebSocket(sfu.url, { authorization: `Bearer ${app.secret}` }, EventsDocument, {});
    try {
      const source = await listening();
      const { createWebSocketAdapters } = await gql.request(CreateWebSocketAdaptersDocument, {
        tracks: [{ location: 'local', trackName: 'speech', endpoint: source.url, inputCodec: 'pcm' }],
      });
      const adapter = expectTypename(expectTypename(createWebSocketAdapters, 'CreateWebSocketAdaptersPayload').adapters[0]!, 'CreatedWebSocketAdapter');
      expect(adapter).toMatchObject({ trackName: 'speech', location: 'local', endpoint: source.url });
      expect(adapter.sessionId).not.toBe(ann.sessionId);
      const pid = (sfu.service as SfuService).webSocketAdapter(adapter.adapterId)!.ffmpegPid!;
      const opened = await appEvents.log.waitFor('WebSocketAdapterOpened', ({ events: e }) => e.__typename === 'WebSocketAdapterOpened' && e.adapterId === adapter.adapterId);
      expect(opened.events).toMatchObject({ sessionId: adapter.sessionId, location: 'local', codec: 'pcm', trackName: 'speech' });
      expect(opened.events).not.toHaveProperty('room', expect.any(String));
      await appEvents.log.waitFor('the ingest track published', ({ events: e }) => e.__typename === 'TrackPublished' && e.sessionId === adapter.sessionId);

      await gql.request(CloseWebSocketAdaptersDocument, { adapterIds: [adapter.adapterId] });
      expect(isRunning(pid)).toBe(false);
      const closed = await appEvents.log.waitFor('WebSocketAdapterClosed', ({ events: e }) => e.__typename === 'WebSocketAdapterClosed' && e.adapterId === adapter.adapterId);
      expect(closed.events).toMatchObject({ sessionId: adapter.sessionId, location: 'local', adapterCloseReason: 'closed' });
      await appEvents.log.waitFor('the ingest session left', ({ events: e }) => e.__typename === 'SessionLeft' && e.sessionId === adapter.sessionId);
    } finally {
      await appEvents.close();
    }
  });

  it('never puts an endpoint URL in an event or a log line', async () => {
    const adapterEvents = events.log.items.filter(({ events: e }) => e.__typename.startsWith('WebSocketAdapter'));
    expect(adapterEvents.map(({ events: e }) => e.__typename).sort()).toEqual(['WebSocketAdapterClosed', 'WebSocketAdapterClosed', 'WebSocketAdapterOpened', 'WebSocketAdapterOpened']);
    // What the subscription showed, and the events as the service keeps them (every field, not only those selected).
    const kept = await sfu.service.events.since(app.id, 0);
    const adapterLines = logLines.filter((line) => line.includes('websocket adapter'));
    expect(adapterLines.length).toBeGreaterThan(0);
    for (const text of [JSON.stringify(events.log.items), JSON.stringify(kept.events), ...logLines]) {
      for (const url of endpointUrls) expect(text).not.toContain(url);
      expect(text).not.toMatch(/token=/);
    }
  });
});
