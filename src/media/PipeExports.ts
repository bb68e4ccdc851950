import type { types } from 'mediasoup';
import { HostPipeError } from './HostPipeError.js';
import type {
  CloseConsumerMessage,
  CloseDataConsumerMessage,
  CloseTransportMessage,
  ConnectMessage,
  ConnectedReply,
  ConsumeDataMessage,
  ConsumeMessage,
  ConsumedReply,
  DataConsumedReply,
  OkReply,
  PipeMessage,
  TransportNeededReply,
} from './HostPipeMessages.js';
import { PipeTransportFactory } from './PipeTransportFactory.js';

/** A local producer and the router it is on. */
export interface Located<P> {
  producer: P;
  router: types.Router;
}

export interface PipeExportsOptions {
  instanceId: string;
  factory: PipeTransportFactory;
  /** Producer `id` and the local router holding it, if this instance has it. */
  findProducer: (id: string) => Located<types.Producer> | undefined;
  /** Data producer `id` and the local router holding it, if this instance has it. */
  findDataProducer: (id: string) => Located<types.DataProducer> | undefined;
  /** Tells another instance something; failures are logged by the caller's side. */
  notify: (toInstanceId: string, message: PipeMessage) => void;
}

/** This instance's side of a pair, towards one importer's router. */
interface ExportTransport {
  key: string;
  peer: string;
  transport: types.PipeTransport;
  peerTransportId: string;
  /** Closed because the peer asked (or is gone): nothing to tell it. */
  silent: boolean;
}

/** A pipe consumer feeding one importer's pipe producer. */
interface ExportedConsumer {
  peer: string;
  consumer: types.Consumer | types.DataConsumer;
  /** Pause/resume changes sent so far, so the importer can drop overtaken ones. */
  seq: number;
}

/**
 * The exporter's half of `HostPipes`: answers importers that want one of this instance's
 * producers. It keeps one pipe transport per (local router, importer, importer's router), opened
 * when the importer connects and closed when the importer says so or is lost; on each a pipe
 * consumer per imported producer, whose producer's close and pause/resume it reports.
 */
export class PipeExports {
  readonly #transports = new Map<string, ExportTransport>();
  readonly #transportsById = new Map<string, ExportTransport>();
  readonly #consumers = new Map<string, ExportedConsumer>();
  /** Routers named in `transportNeeded` replies, so a later `connect` can find them by id. */
  readonly #routers = new Map<string, types.Router>();
  #closed = false;

  constructor(private readonly options: PipeExportsOptions) {}

  /** Pipe transports open towards importers (for tests and metrics). */
  get transportCount(): number {
    return this.#transports.size;
  }

  /** Pipe consumers (media and data) feeding importers. */
  get consumerCount(): number {
    return this.#consumers.size;
  }

  async consume(from: string, message: ConsumeMessage): Promise<ConsumedReply | TransportNeededReply> {
    const { producerId, peerRouterId } = message;
    const found = this.options.findProducer(producerId);
    const router = this.#routerFor(found?.router, `producer ${producerId}`);
    const pair = this.#transports.get(pairKey(router.id, from, peerRouterId));
    if (!pair) return { type: 'transportNeeded', routerId: router.id };
    const consumer = await pair.transport.consume({ producerId, appData: { hostPipe: { role: 'export', peer: from } } }).catch((error: Error) => {
      throw this.#notFoundOr(error, `producer ${producerId}`);
    });
    const exported = this.#track(from, consumer);
    consumer.on('producerclose', () => this.options.notify(from, { type: 'producerClosed', consumerId: consumer.id }));
    const sendState = (paused: boolean) => () =>
      this.options.notify(from, { type: 'producerState', consumerId: consumer.id, paused, seq: ++exported.seq });
    consumer.on('producerpause', sendState(true));
    consumer.on('producerresume', sendState(false));
    return {
      type: 'consumed',
      consumerId: consumer.id,
      routerId: router.id,
      transportId: pair.transport.id,
      peerTransportId: pair.peerTransportId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
      appData: jsonAppData(found?.producer.appData),
    };
  }

  async consumeData(from: string, message: ConsumeDataMessage): Promise<DataConsumedReply | TransportNeededReply> {
    const { dataProducerId, peerRouterId } = message;
    const found = this.options.findDataProducer(dataProducerId);
    const router = this.#routerFor(found?.router, `data producer ${dataProducerId}`);
    const pair = this.#transports.get(pairKey(router.id, from, peerRouterId));
    if (!pair) return { type: 'transportNeeded', routerId: router.id };
    const dataConsumer = await pair.transport.consumeData({ dataProducerId, appData: { hostPipe: { role: 'export', peer: from } } }).catch((error: Error) => {
      throw this.#notFoundOr(error, `data producer ${dataProducerId}`);
    });
    this.#track(from, dataConsumer);
    dataConsumer.on('dataproducerclose', () =>
      this.options.notify(from, { type: 'dataProducerClosed', dataConsumerId: dataConsumer.id }),
    );
    return {
      type: 'dataConsumed',
      dataConsumerId: dataConsumer.id,
      routerId: router.id,
      transportId: pair.transport.id,
      peerTransportId: pair.peerTransportId,
      // A pipe data consumer always has stream parameters; the fallback only satisfies the type.
      sctpStreamParameters: dataConsumer.sctpStreamParameters ?? { streamId: 0, ordered: true },
      label: dataConsumer.label,
      protocol: dataConsumer.protocol,
      appData: jsonAppData(found?.producer.appData),
    };
  }

  /** Opens this side of a pair; an older side for the same routers is stale (its peer is gone) and replaced. */
  async connect(from: string, message: ConnectMessage): Promise<ConnectedReply> {
    const router = this.#routers.get(message.routerId);
    if (!router || router.closed) {
      throw new HostPipeError('not_found', `router ${message.routerId} not found on instance ${this.options.instanceId}`);
    }
    const key = pairKey(router.id, from, message.peerRouterId);
    this.#closeSilently(this.#transports.get(key));
    const transport = await this.options.factory.create(router, { hostPipe: { role: 'export', peer: from } });
    const tuple = PipeTransportFactory.tupleOf(transport);
    const { srtpParameters } = transport;
    try {
      if (!srtpParameters) throw new Error('pipe transport opened without SRTP');
      await transport.connect({ ...message.tuple, srtpParameters: message.srtpParameters });
      if (this.#closed) throw new HostPipeError('closed', `instance ${this.options.instanceId} is closing`);
    } catch (error) {
      transport.close();
      throw error;
    }
    const pair: ExportTransport = { key, peer: from, transport, peerTransportId: message.peerTransportId, silent: false };
    this.#closeSilently(this.#transports.get(key)); // a concurrent connect for the same routers lost the race
    this.#transports.set(key, pair);
    this.#transportsById.set(transport.id, pair);
    transport.observer.once('close', () => this.#forget(pair));
    return { type: 'connected', transportId: transport.id, tuple, srtpParameters };
  }

  closeConsumer(from: string, message: CloseConsumerMessage | CloseDataConsumerMessage): OkReply {
    const id = message.type === 'closeConsumer' ? message.consumerId : message.dataConsumerId;
    const exported = this.#consumers.get(id);
    if (exported?.peer === from) exported.consumer.close();
    return { type: 'ok' };
  }

  closeTransport(from: string, message: CloseTransportMessage): OkReply {
    const pair = this.#transportsById.get(message.transportId);
    if (pair?.peer === from) this.#closeSilently(pair);
    return { type: 'ok' };
  }

  /** Closes everything exported to `peer` without telling it (it is gone). */
  peerLost(peer: string): void {
    for (const pair of [...this.#transports.values()]) if (pair.peer === peer) this.#closeSilently(pair);
  }

  /** Closes every pair; importers are told so they close their pipe producers. */
  close(): void {
    this.#closed = true;
    for (const pair of [...this.#transports.values()]) pair.transport.close();
    this.#routers.clear();
  }

  #routerFor(router: types.Router | undefined, what: string): types.Router {
    if (!router || router.closed) throw new HostPipeError('not_found', `${what} not found on instance ${this.options.instanceId}`);
    if (!this.#routers.has(router.id)) {
      this.#routers.set(router.id, router);
      router.observer.once('close', () => this.#routers.delete(router.id));
    }
    return router;
  }

  #notFoundOr(error: Error, what: string): Error {
    return /not found/i.test(error.message)
      ? new HostPipeError('not_found', `${what} not found on instance ${this.options.instanceId}`, { cause: error })
      : error;
  }

  #track(peer: string, consumer: types.Consumer | types.DataConsumer): ExportedConsumer {
    const exported: ExportedConsumer = { peer, consumer, seq: 0 };
    this.#consumers.set(consumer.id, exported);
    const forget = () => this.#consumers.delete(consumer.id);
    if ('sctpStreamParameters' in consumer) consumer.observer.once('close', forget);
    else consumer.observer.once('close', forget);
    return exported;
  }

  #closeSilently(pair: ExportTransport | undefined): void {
    if (!pair) return;
    pair.silent = true;
    pair.transport.close();
  }

  #forget(pair: ExportTransport): void {
    if (this.#transports.get(pair.key) === pair) this.#transports.delete(pair.key);
    this.#transportsById.delete(pair.transport.id);
    if (!pair.silent) this.options.notify(pair.peer, { type: 'transportClosed', transportId: pair.peerTransportId });
  }
}

function pairKey(routerId: string, peer: string, peerRouterId: string): string {
  return `${routerId}|${peer}|${peerRouterId}`;
}

/** The producer's appData as it crosses to the importer: plain JSON, or nothing if it is not. */
function jsonAppData(appData: Record<string, unknown> | undefined): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(appData ?? {})) as Record<string, unknown>;
  } catch {
    return {};
  }
}
