import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddDataChannelsDocument,
  CloseDataChannelsDocument,
  EstablishDataChannelsDocument,
  RenegotiateDocument,
  SessionDocument,
  UpdateDataChannelsDocument,
  type AddDataChannelsMutation,
  type DataChannelInput,
} from '../../schema/generated/operations.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, WrtcPeer } from '../helpers/wrtcPeer.js';
import { createSession } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ChannelOutcome = Extract<AddDataChannelsMutation['addDataChannels'], { __typename: 'AddDataChannelsPayload' }>['dataChannels'][number];

/** A session whose PeerConnection has its SCTP association up, and the channels the SFU opened in-band. */
interface Endpoint {
  peer: WrtcPeer;
  sessionId: string;
  opened: RTCDataChannel[];
}

/** A negotiated client channel and what it received. */
interface Channel {
  channel: RTCDataChannel;
  received: string[];
}

describe('DataChannels through the GraphQL API', () => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  const endpoints: Endpoint[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ media: { workers: 2 } });
    gql = new GraphQLClient(sfu.fetch, testApps[0].secret);
  });

  afterAll(async () => {
    for (const endpoint of endpoints) endpoint.peer.close();
    await sfu?.stop();
  });

  /** establishDataChannels -> SFU offer -> client answer -> renegotiate; then the SFU opens server-events. */
  async function connect(): Promise<Endpoint> {
    const peer = new WrtcPeer();
    const opened: RTCDataChannel[] = [];
    peer.pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => opened.push(event.channel));
    const sessionId = await createSession(gql);
    const endpoint = { peer, sessionId, opened };
    endpoints.push(endpoint);
    const { establishDataChannels } = await gql.request(EstablishDataChannelsDocument, { sessionId });
    const established = expectTypename(establishDataChannels, 'EstablishDataChannelsPayload');
    expect(established).toMatchObject({
      requiresImmediateRenegotiation: true,
      sessionDescription: { type: 'offer' },
      dataChannel: { location: 'remote', dataChannelName: 'server-events', id: 0 },
    });
    expect(established.sessionDescription!.sdp).toMatch(/m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/);
    const answer = await peer.answer(established.sessionDescription!);
    const { renegotiate } = await gql.request(RenegotiateDocument, { sessionId, sessionDescription: answer });
    expectTypename(renegotiate, 'RenegotiatePayload');
    await eventually('the SFU-opened server-events channel', () => opened.some((c) => c.label === 'server-events'));
    return endpoint;
  }

  async function addChannels(endpoint: Endpoint, dataChannels: DataChannelInput[]): Promise<ChannelOutcome[]> {
    const { addDataChannels } = await gql.request(AddDataChannelsDocument, { sessionId: endpoint.sessionId, input: { dataChannels } });
    return expectTypename(addDataChannels, 'AddDataChannelsPayload').dataChannels;
  }

  async function open(endpoint: Endpoint, name: string, id: number): Promise<Channel> {
    const channel = endpoint.peer.pc.createDataChannel(name, { negotiated: true, id });
    const received: string[] = [];
    channel.addEventListener('message', (event: MessageEvent) => received.push(String(event.data)));
    await eventually(`channel ${name} (${id}) open`, () => channel.readyState === 'open');
    return { channel, received };
  }

  async function dataChannelsOf(endpoint: Endpoint) {
    return expectTypename((await gql.request(SessionDocument, { sessionId: endpoint.sessionId })).session, 'Session').dataChannels;
  }

  let publisher: Endpoint;
  let subscriber: Endpoint;
  let chat: { publisher: Channel; subscriber: Channel; publisherId: number; subscriberId: number };

  it("a channel one session publishes reaches another session's client, both made over GraphQL only", async () => {
    publisher = await connect();
    subscriber = await connect();
    expect(sfu.pool.workers.map((w) => w.sessionCount).sort()).toEqual([1, 1]);

    const [published] = await addChannels(publisher, [{ location: 'local', dataChannelName: 'chat' }]);
    const local = expectTypename(published!, 'AddedDataChannel');
    expect(local).toMatchObject({ location: 'local', dataChannelName: 'chat', sessionId: null, canReply: null });
    const [pulled] = await addChannels(subscriber, [{ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat' }]);
    const remote = expectTypename(pulled!, 'AddedDataChannel');
    expect(remote).toMatchObject({ location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat', canReply: false });

    chat = {
      publisherId: local.id!,
      subscriberId: remote.id!,
      publisher: await open(publisher, 'chat', local.id!),
      subscriber: await open(subscriber, 'chat', remote.id!),
    };
    const sent = ['one', 'two', 'three'];
    for (const message of sent) chat.publisher.channel.send(message);
    await eventually('all messages at the subscriber', () => chat.subscriber.received.length === sent.length);
    expect(chat.subscriber.received).toEqual(sent);

    expect(await dataChannelsOf(publisher)).toEqual([
      { location: 'remote', sessionId: null, dataChannelName: 'server-events', id: 0, status: 'active' },
      { location: 'local', sessionId: publisher.sessionId, dataChannelName: 'chat', id: chat.publisherId, status: 'active' },
    ]);
    expect(await dataChannelsOf(subscriber)).toContainEqual({
      location: 'remote',
      sessionId: publisher.sessionId,
      dataChannelName: 'chat',
      id: chat.subscriberId,
      status: 'active',
    });
  });

  it('updateDataChannels grants canReply: the subscriber then writes back to the publisher', async () => {
    chat.subscriber.channel.send('dropped: no canReply yet');
    await sleep(300);
    expect(chat.publisher.received).toEqual([]);
    const { updateDataChannels } = await gql.request(UpdateDataChannelsDocument, {
      sessionId: subscriber.sessionId,
      input: {
        dataChannels: [
          { location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'chat', canReply: true },
          { location: 'remote', sessionId: publisher.sessionId, dataChannelName: 'not-pulled', canReply: true },
        ],
      },
    });
    const results = expectTypename(updateDataChannels, 'UpdateDataChannelsPayload').dataChannels;
    expect(results[0]).toEqual({
      __typename: 'UpdatedDataChannel',
      location: 'remote',
      sessionId: publisher.sessionId,
      dataChannelName: 'chat',
      id: chat.subscriberId,
      canReply: true,
    });
    expect(results[1]).toMatchObject({ __typename: 'DataChannelError', code: 'update_track_error', dataChannelName: 'not-pulled' });

    chat.subscriber.channel.send('reply');
    await eventually('the reply at the publisher', () => chat.publisher.received.includes('reply'));
    expect(chat.publisher.received).toEqual(['reply']);
  });

  it('failed items are DataChannelError with the REST codes; a wrong establish is an SfuError', async () => {
    const results = await addChannels(publisher, [
      { location: 'local', dataChannelName: 'chat' },
      { location: 'remote', sessionId: subscriber.sessionId, dataChannelName: 'nothing-here' },
      { location: 'local' },
      { location: 'local', dataChannelName: 'extra' },
    ]);
    expect(results.map((r) => (r.__typename === 'DataChannelError' ? r.code : r.__typename))).toEqual([
      'repeated_local_track_error',
      'not_found_track_error',
      'invalid_params',
      'AddedDataChannel',
    ]);
    expect(results[1]).toMatchObject({ location: 'remote', sessionId: subscriber.sessionId, dataChannelName: 'nothing-here' });

    const bare = await createSession(gql);
    const { establishDataChannels } = await gql.request(EstablishDataChannelsDocument, {
      sessionId: bare,
      input: { dataChannel: { location: 'local', dataChannelName: 'chat' } },
    });
    expect(establishDataChannels).toMatchObject({ __typename: 'SfuError', code: 'invalid_params' });

    // A retransmission limit outside SCTP's 16 bits does not pass the input type (REST: decoding_error).
    const outOfRange = await gql.raw(AddDataChannelsDocument, {
      sessionId: publisher.sessionId,
      input: { dataChannels: [{ location: 'local', dataChannelName: 'x', ordered: false, maxRetransmits: 70_000 }] },
    });
    expect(outOfRange.data ?? null).toBeNull();
    expect(outOfRange.errors?.[0]).toMatchObject({ message: expect.stringMatching(/0 to 65535/), extensions: { code: 'decoding_error' } });
  });

  it('closing the publication resets both streams and ends the pull; closing it again fails per id', async () => {
    const { closeDataChannels } = await gql.request(CloseDataChannelsDocument, {
      sessionId: publisher.sessionId,
      input: { ids: [chat.publisherId, 999] },
    });
    const results = expectTypename(closeDataChannels, 'CloseDataChannelsPayload').dataChannels;
    expect(results[0]).toEqual({ __typename: 'ClosedDataChannel', id: chat.publisherId, location: 'local', sessionId: null, dataChannelName: 'chat' });
    expect(results[1]).toMatchObject({ __typename: 'DataChannelError', code: 'close_track_error', id: 999 });

    await eventually("the subscriber's channel closed", () => chat.subscriber.channel.readyState === 'closed');
    expect((await dataChannelsOf(subscriber)).find((c) => c.dataChannelName === 'chat')?.status).toBe('inactive');
    expect((await dataChannelsOf(publisher)).find((c) => c.dataChannelName === 'chat')?.status).toBe('inactive');
  });
});
