import type { types } from 'mediasoup';
import { HostPipeError } from './HostPipeError.js';
import type {
  ConsumedReply,
  DataConsumedReply,
  DataProducerClosedMessage,
  ExporterMessage,
  OkReply,
  PipeReply,
  ProducerClosedMessage,
  ProducerStateMessage,
  TransportClosedMessage,
} from './HostPipeMessages.js';
import { PipeTransportFactory } from './PipeTransportFactory.js';
import { EarlyNews } from './EarlyNews.js';
import { dataImport, mediaImport, onClose, type ImportKind, type Piped } from './importKinds.js';

export interface PipeImportsOptions {
  instanceId: string;
  factory: PipeTransportFactory;
  /** Asks another instance; rejects with a HostPipeError on an error reply or when it is unreachable. */
  request: (toInstanceId: string, message: ExporterMessage, doing: string) => Promise<PipeReply>;
  /** Tells another instance something; failures are logged by the caller's side. */
  notify: (toInstanceId: string, message: ExporterMessage) => void;
}

/**
 * A producer (media or data) imported onto a local router: same id as the original on the other
 * instance. Every `import*` call returns its own lease; the pipe stays while any lease is held.
 */
export interface ImportLease<P extends Piped> {
  /** The pipe producer; local consumers consume it like any producer. It closes when the original does. */
  readonly producer: P;
  readonly fromInstance: string;
  /** Gives this lease back (idempotent). The last release closes the pipe on both instances. */
  release(): void;
}

/** This instance's side of a pair, fed by one exporter's router. */
interface ImportTransport {
  key: string;
  peer: string;
  transport: types.PipeTransport;
  peerTransportId: string;
  /** Imports using it, finished or under way; at zero it closes. */
  users: number;
  /** Closed because the peer said so (or is gone): nothing to tell it. */
  silent: boolean;
}

interface ImportRecord {
  key: string;
  peer: string;
  kind: ImportKind<Piped, ConsumedReply | DataConsumedReply>;
  promise: Promise<Piped>;
  leases: number;
  ended: boolean;
  /** The exporter's pipe consumer feeding this import, once known. */
  consumerId?: string;
  producer?: Piped;
  transport?: ImportTransport;
  /** Last pause/resume change applied (see ProducerStateMessage). */
  lastSeq: number;
  /** Ended by our last release: the exporter should close its pipe consumer. */
  tellPeer: boolean;
}

/** How often an import may (re)open the pair and ask again before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * The importer's half of `HostPipes`: brings producers of other instances onto local routers. One
 * pipe producer per (producer, local router), shared by leases; one pipe transport per (exporter's
 * router, local router), closed when its last import ends.
 */
export class PipeImports {
  readonly #transports = new Map<string, Promise<ImportTransport>>();
  readonly #transportsById = new Map<string, ImportTransport>();
  readonly #imports = new Map<string, ImportRecord>();
  readonly #byConsumer = new Map<string, ImportRecord>();
  readonly #early = new EarlyNews();
  /** Bumped when an instance is lost, so imports from it that were under way give up. */
  readonly #epochs = new Map<string, number>();
  #closed = false;

  constructor(private readonly options: PipeImportsOptions) {}

  /** Pipe transports fed by exporters (for tests and metrics). */
  get transportCount(): number {
    return this.#transportsById.size;
  }

  /** Imports done or under way (media and data). */
  get importCount(): number {
    return this.#imports.size;
  }

  importProducer(fromInstance: string, producerId: string, router: types.Router): Promise<ImportLease<types.Producer>> {
    return this.#import(mediaImport, fromInstance, producerId, router);
  }

  importDataProducer(fromInstance: string, dataProducerId: string, router: types.Router): Promise<ImportLease<types.DataProducer>> {
    return this.#import(dataImport, fromInstance, dataProducerId, router);
  }

  transportClosed(from: string, message: TransportClosedMessage): OkReply {
    const pair = this.#transportsById.get(message.transportId);
    if (pair?.peer === from) this.#closeSilently(pair);
    return { type: 'ok' };
  }

  producerClosed(from: string, message: ProducerClosedMessage | DataProducerClosedMessage): OkReply {
    const consumerId = message.type === 'producerClosed' ? message.consumerId : message.dataConsumerId;
    const record = this.#byConsumer.get(consumerId);
    if (record?.peer === from) record.producer?.close();
    else this.#early.keep(from, consumerId, { closed: true, seq: 0 });
    return { type: 'ok' };
  }

  async producerState(from: string, message: ProducerStateMessage): Promise<OkReply> {
    const record = this.#byConsumer.get(message.consumerId);
    if (record?.peer === from) await this.#applyState(record, message.paused, message.seq);
    else this.#early.keep(from, message.consumerId, { closed: false, paused: message.paused, seq: message.seq });
    return { type: 'ok' };
  }

  /** Closes everything imported from `peer` without telling it: its pipe producers close, so local consumers see producerclose. */
  peerLost(peer: string): void {
    this.#epochs.set(peer, this.#epochOf(peer) + 1);
    for (const pair of [...this.#transportsById.values()]) if (pair.peer === peer) this.#closeSilently(pair);
    this.#early.forget(peer);
  }

  /** Closes every pair and tells the exporters. */
  close(): void {
    this.#closed = true;
    for (const pair of [...this.#transportsById.values()]) pair.transport.close();
  }

  async #import<P extends Piped, R extends ConsumedReply | DataConsumedReply>(
    kind: ImportKind<P, R>,
    peer: string,
    id: string,
    router: types.Router,
  ): Promise<ImportLease<P>> {
    const what = `${kind.noun} ${id} from instance ${peer}`;
    if (this.#closed) throw new HostPipeError('closed', `instance ${this.options.instanceId} is closed; cannot import ${what}`);
    if (peer === this.options.instanceId) throw new HostPipeError('bad_request', `cannot import ${what}: it is this instance`);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const key = `${kind.noun}|${id}|${router.id}`;
      let record = this.#imports.get(key);
      if (record && record.peer !== peer) {
        throw new HostPipeError('bad_request', `cannot import ${what}: it is imported from instance ${record.peer} already`);
      }
      record ??= this.#start(kind as ImportKind<Piped, ConsumedReply | DataConsumedReply>, key, peer, id, router);
      const producer = (await record.promise) as P;
      if (!record.ended && !producer.closed) return this.#lease(record, producer);
    }
    throw new HostPipeError('failed', `${what} kept closing while being imported`);
  }

  #start(
    kind: ImportKind<Piped, ConsumedReply | DataConsumedReply>,
    key: string,
    peer: string,
    id: string,
    router: types.Router,
  ): ImportRecord {
    const record: ImportRecord = { key, peer, kind, promise: Promise.resolve() as never, leases: 0, ended: false, lastSeq: 0, tellPeer: false };
    record.promise = this.#run(record, id, router).catch((error: unknown) => {
      this.#end(record);
      throw error;
    });
    this.#imports.set(key, record);
    return record;
  }

  /** The handshake: ask for a pipe consumer, opening the pair when the exporter has none, then produce its twin here. */
  async #run(record: ImportRecord, id: string, router: types.Router): Promise<Piped> {
    const { peer, kind } = record;
    const what = `${kind.noun} ${id} from instance ${peer}`;
    const epoch = this.#epochOf(peer);
    /** The pair this attempt holds (one user of it) until the import takes it over. */
    const held: { pair?: ImportTransport } = {};
    this.#early.begin(peer);
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const reply = await this.options.request(peer, kind.ask(id, router.id), `import ${what}`);
        if (reply.type === 'transportNeeded') {
          this.#assertAlive(peer, epoch, what);
          await this.#reopen(held, peer, reply.routerId, router, epoch, what);
          continue;
        }
        if (!kind.isAnswer(reply)) throw new HostPipeError('failed', `unexpected reply "${reply.type}" from instance ${peer} to import ${what}`);
        const consumerId = kind.consumerIdOf(reply);
        const abandon = () => {
          if (this.#epochOf(peer) === epoch) this.options.notify(peer, kind.closeMessage(consumerId));
        };
        const pair = this.#transportsById.get(reply.peerTransportId);
        if (!this.#alive(peer, epoch) || !pair || pair.transport.closed || pair.peer !== peer) {
          abandon();
          this.#assertAlive(peer, epoch, what);
          // The exporter's side of the pair outlived ours: open a fresh pair (it replaces the stale one) and ask again.
          await this.#reopen(held, peer, reply.routerId, router, epoch, what);
          continue;
        }
        this.#hold(held, pair);
        const producer = await kind.produce(pair.transport, reply, id).catch((error: unknown) => {
          abandon();
          throw error;
        });
        held.pair = undefined; // the import holds the pair now, until it ends
        await this.#adopt(record, { producer, consumerId, pair, epoch, what });
        return producer;
      }
      throw new HostPipeError('failed', `could not open a pipe for ${what} in ${MAX_ATTEMPTS} attempts`);
    } finally {
      this.#hold(held, undefined);
      this.#early.end(peer);
    }
  }

  /** The pipe producer is made: the import owns it and its pair; news that came early is applied now. */
  async #adopt(
    record: ImportRecord,
    made: { producer: Piped; consumerId: string; pair: ImportTransport; epoch: number; what: string },
  ): Promise<void> {
    const { producer, consumerId, pair, epoch, what } = made;
    Object.assign(record, { producer, consumerId, transport: pair });
    this.#byConsumer.set(consumerId, record);
    onClose(producer, () => this.#end(record));
    if (producer.closed) this.#end(record); // closed before we listened (its pair went meanwhile)
    if (!this.#alive(record.peer, epoch)) {
      record.tellPeer = this.#epochOf(record.peer) === epoch;
      producer.close();
      this.#assertAlive(record.peer, epoch, what);
    }
    await this.#applyEarly(record, what);
    if (producer.closed) throw new HostPipeError('failed', `${what} closed while being imported`);
  }

  /** Makes `pair` the one an attempt holds, giving back the one held before. */
  #hold(held: { pair?: ImportTransport }, pair: ImportTransport | undefined): void {
    if (held.pair === pair) return;
    if (pair) pair.users++;
    if (held.pair) this.#release(held.pair);
    held.pair = pair;
  }

  /** Gives back the held pair and holds a (re)opened one to the exporter's router `peerRouterId`. */
  async #reopen(held: { pair?: ImportTransport }, peer: string, peerRouterId: string, router: types.Router, epoch: number, what: string): Promise<void> {
    this.#hold(held, undefined);
    held.pair = await this.#acquire(peer, peerRouterId, router, epoch, what);
  }

  /** A pair to `peer`'s router `peerRouterId` for `router`, opened if need be, with one more user. */
  async #acquire(peer: string, peerRouterId: string, router: types.Router, epoch: number, what: string): Promise<ImportTransport> {
    const key = `${peer}|${peerRouterId}|${router.id}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const pending = this.#transports.get(key) ?? this.#open(key, peer, peerRouterId, router, epoch, what);
      const pair = await pending;
      this.#assertAlive(peer, epoch, what);
      if (!pair.transport.closed) {
        pair.users++;
        return pair;
      }
    }
    throw new HostPipeError('failed', `pipe transports to instance ${peer} kept closing while importing ${what}`);
  }

  #open(key: string, peer: string, peerRouterId: string, router: types.Router, epoch: number, what: string): Promise<ImportTransport> {
    const opening = (async () => {
      const transport = await this.options.factory.create(router, { hostPipe: { role: 'import', peer } });
      let peerTransportId: string | undefined;
      try {
        const { srtpParameters } = transport;
        if (!srtpParameters) throw new Error('pipe transport opened without SRTP');
        const message = {
          type: 'connect',
          routerId: peerRouterId,
          peerRouterId: router.id,
          peerTransportId: transport.id,
          tuple: PipeTransportFactory.tupleOf(transport),
          srtpParameters,
        } as const;
        const reply = await this.options.request(peer, message, `open a pipe for ${what}`);
        if (reply.type !== 'connected') throw new HostPipeError('failed', `unexpected reply "${reply.type}" from instance ${peer} to connect a pipe for ${what}`);
        peerTransportId = reply.transportId;
        this.#assertAlive(peer, epoch, what);
        await transport.connect({ ...reply.tuple, srtpParameters: reply.srtpParameters });
        this.#assertAlive(peer, epoch, what);
      } catch (error) {
        transport.close();
        if (peerTransportId && this.#epochOf(peer) === epoch) this.options.notify(peer, { type: 'closeTransport', transportId: peerTransportId });
        throw error;
      }
      const pair: ImportTransport = { key, peer, transport, peerTransportId, users: 0, silent: false };
      this.#transportsById.set(transport.id, pair);
      transport.observer.once('close', () => this.#forget(pair, opening));
      return pair;
    })();
    this.#transports.set(key, opening);
    opening.catch(() => {
      if (this.#transports.get(key) === opening) this.#transports.delete(key);
    });
    return opening;
  }

  #lease<P extends Piped>(record: ImportRecord, producer: P): ImportLease<P> {
    record.leases++;
    let released = false;
    return {
      producer,
      fromInstance: record.peer,
      release: () => {
        if (released) return;
        released = true;
        if (--record.leases > 0 || record.ended) return;
        record.tellPeer = true;
        producer.close();
      },
    };
  }

  /** An import is over, however it ended: forget it, tell the exporter if we ended it, free its pair. */
  #end(record: ImportRecord): void {
    if (record.ended) return;
    record.ended = true;
    if (this.#imports.get(record.key) === record) this.#imports.delete(record.key);
    if (record.consumerId) {
      this.#byConsumer.delete(record.consumerId);
      if (record.tellPeer) this.options.notify(record.peer, record.kind.closeMessage(record.consumerId));
    }
    if (record.transport) this.#release(record.transport);
  }

  #release(pair: ImportTransport): void {
    if (--pair.users <= 0 && !pair.transport.closed) pair.transport.close();
  }

  #closeSilently(pair: ImportTransport): void {
    pair.silent = true;
    pair.transport.close();
  }

  #forget(pair: ImportTransport, opening: Promise<ImportTransport>): void {
    this.#transportsById.delete(pair.transport.id);
    if (this.#transports.get(pair.key) === opening) this.#transports.delete(pair.key);
    if (!pair.silent) this.options.notify(pair.peer, { type: 'closeTransport', transportId: pair.peerTransportId });
  }

  async #applyState(record: ImportRecord, paused: boolean, seq: number): Promise<void> {
    const producer = record.producer;
    if (seq <= record.lastSeq || !producer || !('pause' in producer) || producer.closed) return;
    record.lastSeq = seq;
    await (paused ? producer.pause() : producer.resume());
  }

  async #applyEarly(record: ImportRecord, what: string): Promise<void> {
    const news = record.consumerId ? this.#early.take(record.peer, record.consumerId) : undefined;
    if (!news) return;
    if (news.closed) {
      record.producer?.close();
      throw new HostPipeError('not_found', `${what} closed while being imported`);
    }
    if (news.paused !== undefined) await this.#applyState(record, news.paused, news.seq);
  }

  #epochOf(peer: string): number {
    return this.#epochs.get(peer) ?? 0;
  }

  #alive(peer: string, epoch: number): boolean {
    return !this.#closed && this.#epochOf(peer) === epoch;
  }

  #assertAlive(peer: string, epoch: number, what: string): void {
    if (this.#closed) throw new HostPipeError('closed', `instance ${this.options.instanceId} closed while importing ${what}`);
    if (this.#epochOf(peer) !== epoch) throw new HostPipeError('unreachable', `instance ${peer} was lost while importing ${what}`);
  }
}
