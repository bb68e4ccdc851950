import type { types } from 'mediasoup';
import type { DataChannelDelivery, DataChannelResult, DataChannelState, TrackStatus } from '../types.js';

/** The reserved channel `datachannels/establish` pulls: the SFU opens it towards the client. */
export const serverEventsName = 'server-events';

/** DCEP's payload protocol id (RFC 8832): the SCTP message is a DATA_CHANNEL_OPEN, not user data. */
const dcepPpid = 50;

/** Whether a session's SCTP association is up: channels are `initializing` until it is. */
export type SctpConnected = () => boolean;

/**
 * The channel the SFU opens on a session when the client establishes SCTP. mediasoup 3.12 has no
 * DCEP, so the SFU writes the DATA_CHANNEL_OPEN itself through a DirectTransport DataProducer once
 * the association is up; the client sees a `datachannel` event labelled `server-events`. Nothing
 * else is sent on it today.
 */
export class ServerEventsChannel {
  readonly location = 'remote' as const;
  readonly name = serverEventsName;
  #closed = false;

  constructor(
    readonly id: number,
    /** Direct DataProducer on the session's DirectTransport: what the SFU writes. */
    private readonly source: types.DataProducer,
    /** DataConsumer on the session's WebRtcTransport carrying it to the client on stream `id`. */
    private readonly consumer: types.DataConsumer,
    transport: types.WebRtcTransport,
  ) {
    const announce = (): void => {
      if (!this.closed) this.source.send(dcepOpen(this.name), dcepPpid);
    };
    if (transport.sctpState === 'connected') announce();
    else {
      const onState = (state: types.SctpState): void => {
        if (state !== 'connected') return;
        transport.off('sctpstatechange', onState);
        announce();
      };
      transport.on('sctpstatechange', onState);
      consumer.observer.once('close', () => transport.off('sctpstatechange', onState));
    }
  }

  get closed(): boolean {
    return this.#closed || this.consumer.closed;
  }

  close(): void {
    this.#closed = true;
    this.consumer.close();
    this.source.close();
  }

  result(): DataChannelResult {
    return { location: 'remote', dataChannelName: this.name, id: this.id };
  }

  state(sctpConnected: boolean): DataChannelState {
    return { location: 'remote', dataChannelName: this.name, id: this.id, status: statusOf(this.closed, sctpConnected) };
  }
}

/**
 * A channel the session publishes (`location: local`). The client writes into stream `id`, where
 * `producer` takes its messages; subscribers consume `producer`. Replies of the one subscriber
 * holding canReply come back on the same stream through `replies`, a DirectTransport DataProducer
 * the session's `replyConsumer` forwards to the client (stream `id`: allocated by mediasoup for
 * that consumer, then reused for the producer, so one negotiated channel carries both directions).
 */
/**
 * What a subscription reads from and replies to: a channel this process's session publishes,
 * or one of another instance's session, piped here (src/cluster/RemotePulls.ts).
 */
export interface ChannelSource {
  readonly name: string;
  readonly delivery: DataChannelDelivery;
  /** The data producer the subscription consumes, on (or piped to) the subscriber's router. */
  readonly producer: types.DataProducer;
  /** The subscription whose messages reach the publisher, if any. */
  readonly replyHolder: SubscribedChannel | undefined;
  grantReply(subscription: SubscribedChannel): void;
  revokeReply(subscription: SubscribedChannel): void;
  /** A message of the reply holder, to the publisher. */
  reply(message: Buffer, ppid: number): void;
}

export class PublishedChannel implements ChannelSource {
  readonly location = 'local' as const;
  #closed = false;
  #replyHolder: SubscribedChannel | undefined;

  constructor(
    readonly name: string,
    readonly id: number,
    readonly delivery: DataChannelDelivery,
    readonly producer: types.DataProducer,
    private readonly replies: types.DataProducer,
    private readonly replyConsumer: types.DataConsumer,
  ) {
    producer.observer.once('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed || this.producer.closed;
  }

  /** The subscription whose messages reach the publisher, if any. */
  get replyHolder(): SubscribedChannel | undefined {
    return this.#replyHolder;
  }

  /** Gives `subscription` the return path, taking it from whoever held it. */
  grantReply(subscription: SubscribedChannel): void {
    this.#replyHolder = subscription;
  }

  revokeReply(subscription: SubscribedChannel): void {
    if (this.#replyHolder === subscription) this.#replyHolder = undefined;
  }

  /** A message of the reply holder, to the publisher. */
  reply(message: Buffer, ppid: number): void {
    if (!this.closed && !this.replies.closed) this.replies.send(message, ppid);
  }

  /** Closing the producer ends every subscription of it (mediasoup closes their consumers). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#replyHolder = undefined;
    this.producer.close();
    this.replyConsumer.close();
    this.replies.close();
  }

  result(): DataChannelResult {
    return { location: 'local', dataChannelName: this.name, id: this.id };
  }

  state(sctpConnected: boolean): DataChannelState {
    return { location: 'local', dataChannelName: this.name, id: this.id, status: statusOf(this.closed, sctpConnected) };
  }
}

/** How a subscription's messages from the publisher reach its consumer. */
export type SubscriptionFeed =
  | { kind: 'direct' }
  /**
   * waitForAck: mediasoup 3.12 cannot pause a DataConsumer, so the publisher's messages go through
   * Node: `relay` (a direct DataConsumer of the publisher's producer) hands them to `gate` (a
   * direct DataProducer the client's consumer reads) once the subscriber has acknowledged.
   */
  | { kind: 'gated'; relay: types.DataConsumer; gate: types.DataProducer };

/** The mediasoup objects of one subscription, created by the session's SessionDataChannels. */
export interface SubscriptionParts {
  name: string;
  /** Stream id on the subscriber's session. */
  id: number;
  source: ChannelSource;
  publisherSessionId: string;
  /** On the subscriber's WebRtcTransport: sends the publisher's messages on stream `id`. */
  consumer: types.DataConsumer;
  /** On the same transport and stream: receives what the subscriber writes. */
  reverse: types.DataProducer;
  /** Direct DataConsumer of `reverse`: brings those messages into Node. */
  tap: types.DataConsumer;
  feed: SubscriptionFeed;
  /** With waitForAck: how long the acknowledgment may take before the subscription is torn down. */
  ackTimeoutMs?: number;
}

/**
 * A channel the session pulls from another session (`location: remote`). `consumer` sends the
 * publisher's messages to the client on stream `id`; what the client writes on that stream arrives
 * at `reverse` and, through `tap` (a direct DataConsumer), in Node: the first message is the
 * acknowledgment when waitForAck is set, later ones go to the publisher while this subscription
 * holds canReply.
 */
export class SubscribedChannel {
  readonly location = 'remote' as const;
  #closed = false;
  #acked: boolean;
  #ackTimer: NodeJS.Timeout | undefined;

  readonly name: string;
  readonly id: number;
  readonly source: ChannelSource;
  readonly publisherSessionId: string;
  readonly #parts: SubscriptionParts;

  constructor(parts: SubscriptionParts) {
    this.name = parts.name;
    this.id = parts.id;
    this.source = parts.source;
    this.publisherSessionId = parts.publisherSessionId;
    this.#parts = parts;
    const { tap, feed, consumer, ackTimeoutMs } = parts;
    this.#acked = ackTimeoutMs === undefined;
    tap.on('message', (message, ppid) => this.#fromClient(message, ppid));
    if (feed.kind === 'gated') {
      feed.relay.on('message', (message, ppid) => {
        if (this.#acked && !feed.gate.closed) feed.gate.send(message, ppid);
      });
      feed.relay.observer.once('close', () => this.close());
    }
    consumer.observer.once('close', () => this.close());
    if (ackTimeoutMs !== undefined) {
      this.#ackTimer = setTimeout(() => this.close(), ackTimeoutMs);
      this.#ackTimer.unref();
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get canReply(): boolean {
    return !this.#closed && this.source.replyHolder === this;
  }

  set canReply(allowed: boolean) {
    if (allowed) this.source.grantReply(this);
    else this.source.revokeReply(this);
  }

  #onClose: (() => void)[] = [];

  /** Calls `listener` once when the subscription closes (at once if it has). */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#ackTimer);
    this.source.revokeReply(this);
    for (const listener of this.#onClose.splice(0)) listener();
    const { consumer, tap, reverse, feed } = this.#parts;
    consumer.close();
    tap.close();
    reverse.close();
    if (feed.kind === 'gated') {
      feed.relay.close();
      feed.gate.close();
    }
  }

  result(): DataChannelResult {
    return {
      location: 'remote',
      sessionId: this.publisherSessionId,
      dataChannelName: this.name,
      id: this.id,
      ...(this.canReply ? { canReply: true } : {}),
    };
  }

  state(sctpConnected: boolean): DataChannelState {
    const status = this.#acked ? statusOf(this.closed, sctpConnected) : statusOf(this.closed, false);
    return { location: 'remote', sessionId: this.publisherSessionId, dataChannelName: this.name, id: this.id, status };
  }

  #fromClient(message: Buffer, ppid: number): void {
    if (!this.#acked) {
      // The acknowledgment opens the gate and is consumed, never forwarded.
      this.#acked = true;
      clearTimeout(this.#ackTimer);
      return;
    }
    if (this.canReply) this.source.reply(message, ppid);
  }
}

export type SessionDataChannel = ServerEventsChannel | PublishedChannel | SubscribedChannel;

function statusOf(closed: boolean, sctpConnected: boolean): TrackStatus {
  if (closed) return 'inactive';
  return sctpConnected ? 'active' : 'initializing';
}

/** RFC 8832 DATA_CHANNEL_OPEN for a reliable, ordered channel without protocol. */
function dcepOpen(label: string): Buffer {
  const labelBytes = Buffer.from(label, 'utf8');
  const message = Buffer.alloc(12 + labelBytes.length);
  message.writeUInt8(0x03, 0); // message type: DATA_CHANNEL_OPEN
  message.writeUInt8(0x00, 1); // channel type: DATA_CHANNEL_RELIABLE (ordered)
  message.writeUInt16BE(256, 2); // priority: normal
  message.writeUInt32BE(0, 4); // reliability parameter
  message.writeUInt16BE(labelBytes.length, 8);
  message.writeUInt16BE(0, 10); // protocol length
  labelBytes.copy(message, 12);
  return message;
}
