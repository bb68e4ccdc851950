import type { types } from 'mediasoup';
import {
  PublishedChannel,
  ServerEventsChannel,
  SubscribedChannel,
  type ChannelSource,
  type SessionDataChannel,
  type SubscriptionFeed,
} from './channels.js';
import type { DataChannelDelivery, DataChannelState } from '../types.js';

export interface SubscribeOptions {
  waitForAck: boolean;
  canReply: boolean;
  /** How long a waitForAck subscription waits for the subscriber's first message. */
  ackTimeoutMs: number;
}

/**
 * The DataChannels of one session, all on its WebRtcTransport's SCTP association, plus a
 * DirectTransport on its router (created on first use) for what passes through Node: the
 * server-events source, reply paths and acknowledgment gates.
 *
 * Stream ids: every channel's id is one mediasoup allocated for a DataConsumer on the session's
 * transport, and a DataProducer on the same transport reuses it, so one negotiated channel carries
 * both directions and a producer's stream can never collide with a later consumer's (mediasoup
 * 3.12 picks consumer stream ids itself, one after another, and knows nothing of producers').
 * Application channels get ids of the SFU's parity (odd while it is the DTLS server, as always
 * with browsers), so they never collide with a channel the client opened in-band itself (for
 * instance the one it created to get m=application into its first offer): when mediasoup's next
 * id has the client's parity, a placeholder consumer of a silent producer takes it for good.
 */
export class SessionDataChannels {
  /** Every channel the session had, closed ones included (GET session lists them inactive). */
  readonly #channels: SessionDataChannel[] = [];
  #direct: Promise<types.DirectTransport> | undefined;
  /** Never sends: what placeholder consumers consume. */
  #silent: Promise<types.DataProducer> | undefined;
  /** Stream ids of the open DataConsumers on the session's transport, and the last one handed out. */
  readonly #usedStreamIds = new Set<number>();
  #lastStreamId = -1;
  #closed = false;

  constructor(
    private readonly transport: types.WebRtcTransport,
    private readonly router: types.Router,
    private readonly sessionId: string,
    /** 1 when the SFU's channels take odd stream ids, 0 for even. */
    private readonly ownParity: () => 0 | 1,
  ) {}

  get sctpConnected(): boolean {
    return this.transport.sctpState === 'connected';
  }

  /** The open server-events channel, if established. */
  serverEvents(): ServerEventsChannel | undefined {
    return this.#open().find((c): c is ServerEventsChannel => c instanceof ServerEventsChannel);
  }

  /** The open channel this session publishes under `name`. */
  published(name: string): PublishedChannel | undefined {
    return this.#open().find((c): c is PublishedChannel => c instanceof PublishedChannel && c.name === name);
  }

  /** The open channel this session publishes through data producer `id`. */
  publishedByProducer(id: string): PublishedChannel | undefined {
    return this.#open().find((c): c is PublishedChannel => c instanceof PublishedChannel && c.producer.id === id);
  }

  /** The open subscription of this session to (publisher session, name). */
  subscription(publisherSessionId: string, name: string): SubscribedChannel | undefined {
    return this.#open().find(
      (c): c is SubscribedChannel => c instanceof SubscribedChannel && c.publisherSessionId === publisherSessionId && c.name === name,
    );
  }

  /** The open channel with stream id `id`. */
  byId(id: number): SessionDataChannel | undefined {
    return this.#open().find((c) => c.id === id);
  }

  /**
   * Opens the server-events channel (once; later calls return the same one). `firstId`: the SFU
   * just offered the data section, so the client has no channel yet and it takes id 0 as on the
   * hosted service; otherwise it gets an id of the SFU's parity like any other.
   */
  async openServerEvents(firstId: boolean): Promise<ServerEventsChannel> {
    const existing = this.serverEvents();
    if (existing) return existing;
    const direct = await this.#directTransport();
    const source = await direct.produceData({ label: 'server-events', appData: { sessionId: this.sessionId } });
    try {
      const consume = () => this.transport.consumeData({ dataProducerId: source.id, ordered: true, appData: { sessionId: this.sessionId } });
      const consumer = firstId ? this.#noteStreamId(await consume()) : await this.#consumeOwnParity(consume);
      return this.#add(new ServerEventsChannel(streamIdOf(consumer), source, consumer, this.transport));
    } catch (error) {
      source.close();
      throw error;
    }
  }

  /** Publishes a channel: the client writes on the returned channel's id. */
  async publish(name: string, delivery: DataChannelDelivery): Promise<PublishedChannel> {
    const direct = await this.#directTransport();
    const appData = { sessionId: this.sessionId, dataChannelName: name };
    const created: Closable[] = [];
    try {
      const replies = track(created, await direct.produceData({ label: name, appData }));
      const replyConsumer = track(
        created,
        await this.#consumeOwnParity(() => this.transport.consumeData({ dataProducerId: replies.id, ...sctpDelivery(delivery), appData })),
      );
      const id = streamIdOf(replyConsumer);
      const producer = await this.transport.produceData({
        sctpStreamParameters: { streamId: id, ...sctpDelivery(delivery) },
        label: name,
        appData,
      });
      return this.#add(new PublishedChannel(name, id, delivery, producer, replies, replyConsumer));
    } catch (error) {
      for (const resource of created) resource.close();
      throw error;
    }
  }

  /**
   * Subscribes to `source`, whose producer must already be reachable on this session's router.
   * The subscriber's leg uses the publisher's delivery policy (the caller checked they match).
   */
  async subscribe(source: ChannelSource, publisherSessionId: string, options: SubscribeOptions): Promise<SubscribedChannel> {
    const direct = await this.#directTransport();
    const appData = { sessionId: this.sessionId, dataChannelName: source.name, publisherSessionId };
    const delivery = sctpDelivery(source.delivery);
    const created: Closable[] = [];
    try {
      let feed: SubscriptionFeed = { kind: 'direct' };
      let consumer: types.DataConsumer;
      if (options.waitForAck) {
        const relay = track(created, await direct.consumeData({ dataProducerId: source.producer.id, appData }));
        const gate = track(created, await direct.produceData({ label: source.name, appData }));
        feed = { kind: 'gated', relay, gate };
        consumer = track(created, await this.#consumeOwnParity(() => this.transport.consumeData({ dataProducerId: gate.id, ...delivery, appData })));
      } else {
        consumer = track(created, await this.#consumeOwnParity(() => this.transport.consumeData({ dataProducerId: source.producer.id, appData })));
      }
      const id = streamIdOf(consumer);
      const reverse = track(
        created,
        await this.transport.produceData({ sctpStreamParameters: { streamId: id, ...delivery }, label: source.name, appData }),
      );
      const tap = await direct.consumeData({ dataProducerId: reverse.id, appData });
      const subscription = new SubscribedChannel({
        name: source.name,
        id,
        source,
        publisherSessionId,
        consumer,
        reverse,
        tap,
        feed,
        ...(options.waitForAck ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
      });
      if (options.canReply) subscription.canReply = true;
      return this.#add(subscription);
    } catch (error) {
      for (const resource of created) resource.close();
      throw error;
    }
  }

  /** Channels not closed yet (published, pulled and server-events). */
  get openCount(): number {
    return this.#channels.filter((c) => !c.closed).length;
  }

  state(): DataChannelState[] {
    const connected = this.sctpConnected;
    return this.#channels.map((c) => c.state(connected));
  }

  /** Closes every channel and the DirectTransport; the WebRtcTransport side closes with the session. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const channel of this.#channels) channel.close();
    void this.#direct?.then((direct) => direct.close()).catch(() => undefined);
  }

  /** A consumer from `consume` whose stream id has the SFU's parity, if mediasoup's numbering is as expected. */
  async #consumeOwnParity(consume: () => Promise<types.DataConsumer>): Promise<types.DataConsumer> {
    if (this.#nextStreamId() % 2 !== this.ownParity()) {
      this.#silent ??= this.#directTransport().then((direct) => direct.produceData({ label: 'placeholder', appData: { sessionId: this.sessionId } }));
      const silent = await this.#silent;
      // Kept until the session ends: closing it would reset the stream, and with it a client channel there.
      this.#noteStreamId(await this.transport.consumeData({ dataProducerId: silent.id, appData: { sessionId: this.sessionId } }));
    }
    return this.#noteStreamId(await consume());
  }

  /** The stream id mediasoup will give the next DataConsumer: the first free one after the last. */
  #nextStreamId(): number {
    const streams = this.transport.sctpParameters?.MIS ?? 1024;
    for (let i = 1; i <= streams; i++) {
      const id = (this.#lastStreamId + i) % streams;
      if (!this.#usedStreamIds.has(id)) return id;
    }
    return -1;
  }

  #noteStreamId(consumer: types.DataConsumer): types.DataConsumer {
    const id = streamIdOf(consumer);
    this.#lastStreamId = id;
    this.#usedStreamIds.add(id);
    consumer.observer.once('close', () => this.#usedStreamIds.delete(id));
    return consumer;
  }

  #open(): SessionDataChannel[] {
    return this.#channels.filter((c) => !c.closed);
  }

  #add<T extends SessionDataChannel>(channel: T): T {
    if (this.#closed) {
      channel.close();
      throw new Error('the session closed while its DataChannel was being created');
    }
    this.#channels.push(channel);
    return channel;
  }

  #directTransport(): Promise<types.DirectTransport> {
    this.#direct ??= this.router.createDirectTransport({ maxMessageSize: this.transport.sctpParameters?.maxMessageSize ?? 262144, appData: { sessionId: this.sessionId } });
    return this.#direct;
  }
}

interface Closable {
  close(): void;
}

function track<T extends Closable>(created: Closable[], resource: T): T {
  created.push(resource);
  return resource;
}

function streamIdOf(consumer: types.DataConsumer): number {
  const streamId = consumer.sctpStreamParameters?.streamId;
  if (streamId === undefined) throw new Error('a DataConsumer on a WebRtcTransport has no SCTP stream id');
  return streamId;
}

/**
 * The policy as mediasoup takes it. Unordered is explicit whenever a retransmission limit is set;
 * mediasoup 3.12 reads a limit of 0 as "no limit" (see docs/rest-api.md).
 */
function sctpDelivery(delivery: DataChannelDelivery): { ordered: boolean; maxRetransmits?: number; maxPacketLifeTime?: number } {
  return {
    ordered: delivery.ordered ?? true,
    ...(delivery.maxRetransmits !== undefined ? { maxRetransmits: delivery.maxRetransmits } : {}),
    ...(delivery.maxPacketLifeTime !== undefined ? { maxPacketLifeTime: delivery.maxPacketLifeTime } : {}),
  };
}
