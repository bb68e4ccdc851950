import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient, type Description } from '../helpers/callsClient.js';
import { publish } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, WrtcPeer } from '../helpers/wrtcPeer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ackTimeoutMs = 2_000;

interface ChannelItem {
  location?: string;
  sessionId?: string;
  dataChannelName?: string;
  id?: number;
  canReply?: boolean;
  status?: string;
  errorCode?: string;
  errorDescription?: string;
}

/** One endpoint: a PeerConnection whose session has its DataChannel transport established. */
interface Endpoint {
  peer: WrtcPeer;
  sessionId: string;
  /** Channels the SFU opened in-band (server-events). */
  opened: RTCDataChannel[];
}

/** A negotiated browser channel and what it received. */
interface Channel {
  channel: RTCDataChannel;
  received: string[];
}

describe('DataChannels through the REST API', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const endpoints: Endpoint[] = [];
  const dataConsumers: types.DataConsumer[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ media: { workers: 2 }, limits: { dataChannelAckTimeoutMs: ackTimeoutMs } });
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    for (const worker of sfu.pool.workers) {
      worker.router.observer.on('newtransport', (transport) => {
        transport.observer.on('newdataconsumer', (consumer) => dataConsumers.push(consumer));
      });
    }
  });

  afterAll(async () => {
    for (const endpoint of endpoints) endpoint.peer.close();
    await sfu?.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => client.call<Record<string, unknown>>(method, path, body);
  const items = (body: Record<string, unknown>) => body['dataChannels'] as ChannelItem[];

  /** datachannels/establish -> SFU offer -> client answer -> renegotiate, as the connection-patterns recipe. */
  async function connect(): Promise<Endpoint> {
    const peer = new WrtcPeer();
    const opened: RTCDataChannel[] = [];
    peer.pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => opened.push(event.channel));
    const { sessionId } = await client.newSession();
    const endpoint = { peer, sessionId, opened };
    endpoints.push(endpoint);
    const established = await call('POST', `/sessions/${sessionId}/datachannels/establish`, {
      dataChannel: { location: 'remote', dataChannelName: 'server-events' },
    });
    expect(established.status).toBe(200);
    expect(established.body).toMatchObject({
      requiresImmediateRenegotiation: true,
      dataChannel: { dataChannelName: 'server-events', id: 0 },
      sessionDescription: { type: 'offer' },
    });
    const offer = established.body['sessionDescription'] as Description;
    expect(offer.sdp).toMatch(/m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/);
    await client.renegotiate(sessionId, await peer.answer(offer));
    await eventually('the SFU-opened server-events channel', () => opened.some((c) => c.label === 'server-events'));
    return endpoint;
  }

  async function newChannels(endpoint: Endpoint, dataChannels: unknown[]): Promise<ChannelItem[]> {
    const result = await call('POST', `/sessions/${endpoint.sessionId}/datachannels/new`, { dataChannels });
    expect(result.status).toBe(200);
    return items(result.body);
  }

  async function open(endpoint: Endpoint, name: string, id: number, init: RTCDataChannelInit = {}): Promise<Channel> {
    const channel = endpoint.peer.pc.createDataChannel(name, { negotiated: true, id, ...init });
    const received: string[] = [];
    channel.addEventListener('message', (event: MessageEvent) => received.push(String(event.data)));
    await eventually(`channel ${name} (${id}) open`, () => channel.readyState === 'open');
    return { channel, received };
  }

  async function dataChannelsOf(endpoint: Endpoint): Promise<ChannelItem[]> {
    return (await client.getSession(endpoint.sessionId)).dataChannels as ChannelItem[];
  }

  let publisher: Endpoint;
  let subscribers: Endpoint[];
  let chat: { publisher: Channel; subscribers: Channel[]; publisherId: number; subscriberIds: number[] };

  it('a published channel carries messages to subscribers in other sessions, on both workers', async () => {
    publisher = await connect();
    subscribers = [await connect(), await connect()];
    expect(sfu.pool.workers.map((w) => w.sessionCount).sort()).toEqual([1, 2]);

    const [published] = await newChannels(publisher, [{ location: 'local', dataChannelName: 'chat' }]);
    expect(published).toEqual({ location: 'local', dataChannelName: 'chat', id: expect.any(Number) });
    // The SFU is the DTLS server: its ids are odd (RFC 8832), the client's in-band ones even.
    expect(published!.id! % 2).toBe(1);
    const pulled: ChannelItem[] = [];
    for (const subscriber of subscribers) {
      const [item] = await newChannels(subscriber, [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat' }]);
      expect(item).toEqual({ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat', id: expect.any(Number) });
      pulled.push(item!);
    }
    chat = {
      publisherId: published!.id!,
      subscriberIds: pulled.map((p) => p.id!),
      publisher: await open(publisher, 'chat', published!.id!),
      subscribers: await Promise.all(subscribers.map((s, i) => open(s, 'chat', pulled[i]!.id!))),
    };

    const sent = ['one', 'two', 'three', 'four', 'five'];
    for (const message of sent) chat.publisher.channel.send(message);
    for (const subscriber of chat.subscribers) {
      await eventually('all messages at the subscriber', () => subscriber.received.length === sent.length);
      expect(subscriber.received).toEqual(sent);
    }

    expect(await dataChannelsOf(publisher)).toEqual([
      { location: 'remote', dataChannelName: 'server-events', id: 0, status: 'active' },
      { location: 'local', dataChannelName: 'chat', id: chat.publisherId, status: 'active' },
    ]);
    expect(await dataChannelsOf(subscribers[0]!)).toContainEqual({
      location: 'remote',
      sessionId: publisher.sessionId,
      dataChannelName: 'chat',
      id: chat.subscriberIds[0],
      status: 'active',
    });
  });

  it('unordered, retransmission-limited delivery is mirrored on every leg; a subscriber must mirror it', async () => {
    const policy = { ordered: false, maxRetransmits: 0 };
    const [published] = await newChannels(publisher, [{ location: 'local', dataChannelName: 'state', ...policy }]);
    const [pulled] = await newChannels(subscribers[0]!, [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'state', ...policy }]);
    expect(pulled!.errorCode).toBeUndefined();
    const toSubscriber = dataConsumers.find((c) => c.type === 'sctp' && c.sctpStreamParameters?.streamId === pulled!.id && c.label === 'state');
    expect(toSubscriber!.sctpStreamParameters).toMatchObject({ ordered: false });
    const toPublisher = dataConsumers.find((c) => c.type === 'sctp' && c.sctpStreamParameters?.streamId === published!.id && c.label === 'state');
    expect(toPublisher!.sctpStreamParameters).toMatchObject({ ordered: false });

    const sender = await open(publisher, 'state', published!.id!, policy);
    const receiver = await open(subscribers[0]!, 'state', pulled!.id!, policy);
    for (let i = 0; i < 20; i++) sender.channel.send(`state ${i}`);
    await eventually('unordered messages', () => receiver.received.length === 20);
    expect([...receiver.received].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `state ${i}`).sort());

    const [mismatch] = await newChannels(subscribers[1]!, [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'state' }]);
    expect(mismatch).toMatchObject({ errorCode: 'invalid_params', dataChannelName: 'state', sessionId: publisher.sessionId });
    const [orderedLimited] = await newChannels(publisher, [{ location: 'local', dataChannelName: 'x', maxRetransmits: 3 }]);
    expect(orderedLimited!.errorCode).toBe('invalid_params');
  });

  it('each failed item carries its own error in a 200 answer', async () => {
    const results = await newChannels(publisher, [
      { location: 'local', dataChannelName: 'chat' },
      { location: 'remote', sessionId: subscribers[0]!.sessionId, dataChannelName: 'nothing-here' },
      { location: 'local' },
      { location: 'local', dataChannelName: 'extra' },
      { location: 'local', dataChannelName: 'both', ordered: false, maxRetransmits: 1, maxPacketLifeTime: 100 },
    ]);
    expect(results.map((r) => r.errorCode)).toEqual([
      'repeated_local_track_error',
      'not_found_track_error',
      'invalid_params',
      undefined,
      'invalid_params',
    ]);
    expect(results[1]).toMatchObject({ location: 'remote', sessionId: subscribers[0]!.sessionId, dataChannelName: 'nothing-here' });
    expect(typeof results[1]!.errorDescription).toBe('string');

    const { sessionId: bare } = await client.newSession();
    const noTransport = await call('POST', `/sessions/${bare}/datachannels/new`, { dataChannels: [{ location: 'local', dataChannelName: 'a' }] });
    expect(noTransport.status).toBe(200);
    expect(items(noTransport.body)[0]!.errorCode).toBe('invalid_params');

    const otherApp = new CallsClient(sfu.url, testApps[1].id, testApps[1].secret);
    const { sessionId: foreign } = await otherApp.newSession();
    const crossApp = await call('POST', `/sessions/${subscribers[1]!.sessionId}/datachannels/new`, {
      dataChannels: [{ location: 'remote', sessionId: foreign, dataChannelName: 'chat' }],
    });
    expect(items(crossApp.body)[0]!.errorCode).toBe('not_found_track_error');

    const wrongEstablish = await call('POST', `/sessions/${bare}/datachannels/establish`, { dataChannel: { location: 'local', dataChannelName: 'chat' } });
    expect(wrongEstablish.status).toBe(406);
    expect(wrongEstablish.body['errorCode']).toBe('invalid_params');
    const undecodable = await call('POST', `/sessions/${publisher.sessionId}/datachannels/new`, { dataChannels: { location: 'local' } });
    expect(undecodable.status).toBe(400);
    expect(undecodable.body['errorCode']).toBe('decoding_error');

    const closeUnknown = await call('PUT', `/sessions/${publisher.sessionId}/datachannels/close`, { dataChannels: [{ id: 999 }] });
    expect(closeUnknown.status).toBe(200);
    expect(items(closeUnknown.body)).toEqual([{ id: 999, errorCode: 'close_track_error', errorDescription: expect.any(String) }]);
    const updateUnknown = await call('PUT', `/sessions/${subscribers[0]!.sessionId}/datachannels/update`, {
      dataChannels: [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'nothing-here', canReply: true }],
    });
    expect(items(updateUnknown.body)[0]!.errorCode).toBe('update_track_error');
  });

  it('waitForAck holds delivery until the first message; canReply returns messages to the publisher only', async () => {
    const [published] = await newChannels(publisher, [{ location: 'local', dataChannelName: 'controls' }]);
    const [gated] = await newChannels(subscribers[0]!, [
      { location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'controls', waitForAck: true, canReply: true },
    ]);
    expect(gated).toMatchObject({ canReply: true, id: expect.any(Number) });
    const [plain] = await newChannels(subscribers[1]!, [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'controls' }]);
    const pub = await open(publisher, 'controls', published!.id!);
    const operator = await open(subscribers[0]!, 'controls', gated!.id!);
    const viewer = await open(subscribers[1]!, 'controls', plain!.id!);

    pub.channel.send('before-ack');
    await eventually('the ungated subscriber gets it', () => viewer.received.includes('before-ack'));
    await sleep(300);
    expect(operator.received).toEqual([]);

    operator.channel.send('ready');
    await sleep(300);
    pub.channel.send('after-ack');
    await eventually('the acknowledged subscriber gets later messages', () => operator.received.includes('after-ack'));
    expect(operator.received).toEqual(['after-ack']);

    operator.channel.send('reply-1');
    await eventually('the reply at the publisher', () => pub.received.includes('reply-1'));
    expect(pub.received).toEqual(['reply-1']);

    const granted = await call('PUT', `/sessions/${subscribers[1]!.sessionId}/datachannels/update`, {
      dataChannels: [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'controls', canReply: true }],
    });
    expect(items(granted.body)).toEqual([
      { location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'controls', id: plain!.id, canReply: true },
    ]);
    viewer.channel.send('reply-2');
    operator.channel.send('reply-3');
    await eventually('the new holder reply', () => pub.received.includes('reply-2'));
    await sleep(300);
    expect(pub.received).toEqual(['reply-1', 'reply-2']);
    expect(viewer.received).toEqual(['before-ack', 'after-ack']);

    const revoked = await call('PUT', `/sessions/${subscribers[1]!.sessionId}/datachannels/update`, {
      dataChannels: [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'controls', canReply: false }],
    });
    expect(items(revoked.body)[0]).toMatchObject({ canReply: false });
    viewer.channel.send('reply-4');
    await sleep(300);
    expect(pub.received).toEqual(['reply-1', 'reply-2']);
  });

  it('a waitForAck pull that is never acknowledged is torn down after the timeout', async () => {
    const [published] = await newChannels(publisher, [{ location: 'local', dataChannelName: 'alerts' }]);
    const [gated] = await newChannels(subscribers[1]!, [
      { location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'alerts', waitForAck: true },
    ]);
    const pub = await open(publisher, 'alerts', published!.id!);
    const silent = await open(subscribers[1]!, 'alerts', gated!.id!);
    const status = async () => (await dataChannelsOf(subscribers[1]!)).find((c) => c.id === gated!.id && c.dataChannelName === 'alerts')?.status;
    expect(await status()).toBe('initializing');
    pub.channel.send('anyone?');
    await sleep(ackTimeoutMs + 500);
    expect(await status()).toBe('inactive');
    // Torn down: the SFU resets the channel's stream, so the client's channel closes.
    await eventually('the gated channel closed at the client', () => silent.channel.readyState === 'closed');
    expect(silent.received).toEqual([]);
    expect(pub.channel.readyState).toBe('open');
  });

  it('closing a publication stops delivery to its subscribers; closing by id twice fails the second time', async () => {
    const closed = await call('PUT', `/sessions/${publisher.sessionId}/datachannels/close`, { dataChannels: [{ id: chat.publisherId }] });
    expect(closed.status).toBe(200);
    expect(items(closed.body)).toEqual([{ location: 'local', dataChannelName: 'chat', id: chat.publisherId }]);
    await eventually('the subscription inactive', async () =>
      (await dataChannelsOf(subscribers[0]!)).some((c) => c.dataChannelName === 'chat' && c.status === 'inactive'),
    );
    // The SFU resets the closed streams: every endpoint's negotiated channel closes, nothing more is delivered.
    await eventually('the publisher channel closed', () => chat.publisher.channel.readyState === 'closed');
    for (const subscriber of chat.subscribers) {
      await eventually('the subscriber channel closed', () => subscriber.channel.readyState === 'closed');
      expect(subscriber.received).toHaveLength(5);
    }

    const state = (await dataChannelsOf(subscribers[0]!)).find((c) => c.dataChannelName === 'state' && c.status === 'active')!;
    const unsubscribed = await call('PUT', `/sessions/${subscribers[0]!.sessionId}/datachannels/close`, { dataChannels: [{ id: state.id }] });
    expect(items(unsubscribed.body)).toEqual([{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'state', id: state.id }]);
    expect((await dataChannelsOf(subscribers[0]!)).find((c) => c.id === state.id && c.dataChannelName === 'state')!.status).toBe('inactive');

    const again = await call('PUT', `/sessions/${publisher.sessionId}/datachannels/close`, { dataChannels: [{ id: chat.publisherId }] });
    expect(items(again.body)[0]!.errorCode).toBe('close_track_error');
    const stale = await call('PUT', `/sessions/${subscribers[0]!.sessionId}/datachannels/close`, { dataChannels: [{ id: chat.subscriberIds[0] }] });
    expect(items(stale.body)[0]!.errorCode).toBe('close_track_error');
  });

  it('a client whose first offer carried a DataChannel needs no establish', async () => {
    const peer = new WrtcPeer();
    peer.pc.createDataChannel('bootstrap');
    const { sessionId, sessionDescription } = await client.newSession(await peer.offer());
    const endpoint = { peer, sessionId, opened: [] };
    endpoints.push(endpoint);
    await peer.pc.setRemoteDescription(sessionDescription!);
    const [published] = await newChannels(endpoint, [{ location: 'local', dataChannelName: 'early' }]);
    expect(published!.errorCode).toBeUndefined();
    expect(published!.id! % 2).toBe(1); // never the bootstrap channel's (even) id
    const [pulled] = await newChannels(subscribers[0]!, [{ location: 'remote', sessionId, dataChannelName: 'early' }]);
    const sender = await open(endpoint, 'early', published!.id!);
    const receiver = await open(subscribers[0]!, 'early', pulled!.id!);
    sender.channel.send('from the first offer');
    await eventually('message over the offered SCTP transport', () => receiver.received.includes('from the first offer'));
  });

  it('establish with the client offer answers it; server-events then takes an id of the SFU parity', async () => {
    const peer = new WrtcPeer();
    const opened: RTCDataChannel[] = [];
    peer.pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => opened.push(event.channel));
    const { sessionId } = await client.newSession();
    endpoints.push({ peer, sessionId, opened });
    const own = peer.pc.createDataChannel('own');
    const established = await call('POST', `/sessions/${sessionId}/datachannels/establish`, {
      dataChannel: { location: 'remote', dataChannelName: 'server-events' },
      sessionDescription: await peer.offer(),
    });
    expect(established.status).toBe(200);
    expect(established.body).toMatchObject({
      requiresImmediateRenegotiation: false,
      sessionDescription: { type: 'answer' },
      dataChannel: { location: 'remote', dataChannelName: 'server-events', id: expect.any(Number) },
    });
    const serverEventsId = (established.body['dataChannel'] as ChannelItem).id!;
    expect(serverEventsId % 2).toBe(1);
    await peer.pc.setRemoteDescription(established.body['sessionDescription'] as Description);
    await eventually('server-events opened by the SFU', () => opened.some((c) => c.label === 'server-events' && c.id === serverEventsId));
    await eventually('the client channel open beside it', () => own.readyState === 'open');
    expect(own.id! % 2).toBe(0);

    const again = await call('POST', `/sessions/${sessionId}/datachannels/establish`, { dataChannel: { location: 'remote', dataChannelName: 'server-events' } });
    expect(again.body).toEqual({ requiresImmediateRenegotiation: false, dataChannel: { location: 'remote', dataChannelName: 'server-events', id: serverEventsId } });
    const mediaOnly = new WrtcPeer();
    mediaOnly.pc.addTransceiver('audio', { direction: 'recvonly' });
    const { sessionId: mediaSession } = await client.newSession();
    const noApplication = await call('POST', `/sessions/${mediaSession}/datachannels/establish`, { sessionDescription: await mediaOnly.offer() });
    mediaOnly.close();
    expect(noApplication.status).toBe(400);
    expect(noApplication.body['errorCode']).toBe('invalid_session_description');
  });

  it('a session that already publishes media adds DataChannels with establish on the same PeerConnection', async () => {
    const media = await publish(client, 'dc-cam');
    const opened: RTCDataChannel[] = [];
    media.peer.pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => opened.push(event.channel));
    const endpoint = { peer: media.peer, sessionId: media.sessionId, opened };
    endpoints.push(endpoint);
    try {
      const established = await call('POST', `/sessions/${media.sessionId}/datachannels/establish`, {
        dataChannel: { location: 'remote', dataChannelName: 'server-events' },
      });
      expect(established.body).toMatchObject({ requiresImmediateRenegotiation: true, sessionDescription: { type: 'offer' } });
      await client.renegotiate(media.sessionId, await media.peer.answer(established.body['sessionDescription'] as Description));
      await eventually('server-events beside the media', () => opened.some((c) => c.label === 'server-events'));
      const [published] = await newChannels(endpoint, [{ location: 'local', dataChannelName: 'captions' }]);
      const [pulled] = await newChannels(subscribers[0]!, [{ location: 'remote', sessionId: media.sessionId, dataChannelName: 'captions' }]);
      const sender = await open(endpoint, 'captions', published!.id!);
      const receiver = await open(subscribers[0]!, 'captions', pulled!.id!);
      sender.channel.send('subtitle');
      await eventually('the caption at the subscriber', () => receiver.received.includes('subtitle'));
      const tracks = (await client.getSession(media.sessionId)).tracks;
      expect(tracks.map((t) => t.status)).toEqual(['active', 'active']);
    } finally {
      media.media.stop();
    }
  });

  it('closing the PeerConnections closes the sessions and frees every data producer and consumer', async () => {
    const dataMaps = async () => {
      const dumps = await Promise.all(sfu.pool.workers.map((w) => w.router.dump()));
      return dumps.map((d: { mapDataProducerIdDataConsumerIds: object; mapDataConsumerIdDataProducerId: object }) => [
        Object.keys(d.mapDataProducerIdDataConsumerIds).length,
        Object.keys(d.mapDataConsumerIdDataProducerId).length,
      ]);
    };
    expect((await dataMaps()).flat().some((n) => n > 0)).toBe(true);
    for (const endpoint of endpoints) endpoint.peer.close();
    for (const { sessionId } of endpoints) {
      await eventually(`session ${sessionId} closed`, async () => (await call('GET', `/sessions/${sessionId}`)).status === 410);
    }
    await eventually('no data producers or consumers left', async () => (await dataMaps()).flat().every((n) => n === 0));
  });
});
