import type { types } from 'mediasoup';
import { HostPipeError } from './HostPipeError.js';
import type { ErrorReply, ExporterMessage, PipeMessage, PipeReply } from './HostPipeMessages.js';
import { PipeExports, type Located } from './PipeExports.js';
import { PipeImports, type ImportLease } from './PipeImports.js';
import { PipeTransportFactory, type PipeTransportFactoryOptions } from './PipeTransportFactory.js';

/** The logging HostPipes needs; the service's Logger fits. */
export interface HostPipesLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface HostPipesOptions extends PipeTransportFactoryOptions {
  /** This instance's id, as other instances address it. */
  instanceId: string;
  /**
   * Delivers `message` to instance `toInstanceId`'s `handle` and resolves with its reply; rejects
   * when the instance cannot be reached. It should time out: an import waits as long as it does.
   */
  send: (toInstanceId: string, message: PipeMessage) => Promise<PipeReply>;
  /** Producer `id` and the local router it is on, when this instance holds it (an exporter's lookup). */
  findProducer: (id: string) => Located<types.Producer> | undefined;
  /** Data producer `id` and the local router it is on, when this instance holds it. */
  findDataProducer: (id: string) => Located<types.DataProducer> | undefined;
  log: HostPipesLogger;
}

export interface ImportProducerOptions {
  /** The instance holding the original producer. */
  fromInstance: string;
  producerId: string;
  /** The local router to put the pipe producer on. */
  router: types.Router;
}

export interface ImportDataProducerOptions {
  fromInstance: string;
  dataProducerId: string;
  router: types.Router;
}

type Handlers = {
  [K in PipeMessage['type']]: (from: string, message: Extract<PipeMessage, { type: K }>) => PipeReply | Promise<PipeReply>;
};

/**
 * Media between this instance and the others of a cluster: mediasoup pipe transports across
 * hosts (SRTP, SCTP, RTX), set up by a JSON message protocol (HostPipeMessages.ts) that the owner
 * carries between instances: it passes `send` and calls `handle` with what arrives.
 *
 * Importing (`importProducer`) puts a producer of another instance on a local router, with the
 * same id; it lasts while a lease is held and follows the original's pause, resume and close.
 * Exporting needs no call: other instances ask, and `findProducer` says where a producer is.
 *
 * Lifetimes. The importer owns everything: one pipe producer per (producer, local router), kept
 * while a lease is held (leases, not watching consumers: the caller decides when a track is no
 * longer pulled); one pipe transport pair per (exporter's router, local router), closed on both
 * sides when its last import ends. The exporter closes its pipe consumer when told, and reports
 * the original's close and pause/resume; an import ends when the original closes, either side of
 * its pair closes (router or worker gone), `instanceLost` or `close()`. A closing pipe producer
 * gives local consumers 'producerclose'.
 */
export class HostPipes {
  readonly #exports: PipeExports;
  readonly #imports: PipeImports;
  readonly #handlers: Handlers;
  #closed = false;

  constructor(private readonly options: HostPipesOptions) {
    const factory = new PipeTransportFactory(options);
    const notify = (to: string, message: PipeMessage) => this.#notify(to, message);
    this.#exports = new PipeExports({
      instanceId: options.instanceId,
      factory,
      findProducer: options.findProducer,
      findDataProducer: options.findDataProducer,
      notify,
    });
    this.#imports = new PipeImports({
      instanceId: options.instanceId,
      factory,
      request: (to, message, doing) => this.#request(to, message, doing),
      notify,
    });
    const exports = this.#exports;
    const imports = this.#imports;
    this.#handlers = {
      consume: (from, m) => exports.consume(from, m),
      consumeData: (from, m) => exports.consumeData(from, m),
      connect: (from, m) => exports.connect(from, m),
      closeConsumer: (from, m) => exports.closeConsumer(from, m),
      closeDataConsumer: (from, m) => exports.closeConsumer(from, m),
      closeTransport: (from, m) => exports.closeTransport(from, m),
      transportClosed: (from, m) => imports.transportClosed(from, m),
      producerClosed: (from, m) => imports.producerClosed(from, m),
      dataProducerClosed: (from, m) => imports.producerClosed(from, m),
      producerState: (from, m) => imports.producerState(from, m),
    };
  }

  /** This instance's id, as the others address it. */
  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Whether `close()` was called; a closed HostPipes answers every message with a `closed` error. */
  get closed(): boolean {
    return this.#closed;
  }

  /** What is open now, for tests and metrics: pipe transports each way, imports, pipe consumers. */
  get counts(): { importTransports: number; imports: number; exportTransports: number; exportConsumers: number } {
    return {
      importTransports: this.#imports.transportCount,
      imports: this.#imports.importCount,
      exportTransports: this.#exports.transportCount,
      exportConsumers: this.#exports.consumerCount,
    };
  }

  /**
   * Puts producer `producerId` of instance `fromInstance` on `router`. Concurrent and later calls
   * for the same producer and router share one pipe producer; each gets its own lease. Rejects with
   * a HostPipeError: `not_found` when the instance has no such producer, `unreachable` when `send`
   * fails or the instance is lost meanwhile; nothing it opened stays open then.
   */
  importProducer(options: ImportProducerOptions): Promise<ImportLease<types.Producer>> {
    return this.#imports.importProducer(options.fromInstance, options.producerId, options.router);
  }

  /** `importProducer` for a data producer: its messages cross the pipe over SCTP. */
  importDataProducer(options: ImportDataProducerOptions): Promise<ImportLease<types.DataProducer>> {
    return this.#imports.importDataProducer(options.fromInstance, options.dataProducerId, options.router);
  }

  /** Answers a message from instance `fromInstanceId`; never rejects (failures are error replies). */
  async handle(fromInstanceId: string, message: PipeMessage): Promise<PipeReply> {
    if (this.#closed) return errorReply('closed', `instance ${this.options.instanceId} is closed`);
    const known = isMessage(message) && Object.hasOwn(this.#handlers, message.type);
    const handler = known ? this.#handlers[message.type] : undefined;
    if (!handler) return errorReply('bad_request', `unknown pipe message ${JSON.stringify((message as { type?: unknown })?.type)}`);
    try {
      return await (handler as (from: string, m: PipeMessage) => PipeReply | Promise<PipeReply>)(fromInstanceId, message);
    } catch (error) {
      if (error instanceof HostPipeError) return errorReply(error.code, error.message);
      this.options.log.warn('pipe message failed', { from: fromInstanceId, type: message.type, error: (error as Error).message });
      return errorReply('failed', `instance ${this.options.instanceId} could not handle ${message.type}: ${(error as Error).message}`);
    }
  }

  /**
   * Instance `instanceId` is gone: closes everything imported from it (local consumers of its
   * producers get producerclose) and exported to it, without messaging it.
   */
  instanceLost(instanceId: string): void {
    this.#imports.peerLost(instanceId);
    this.#exports.peerLost(instanceId);
  }

  /** Closes every pipe, telling the other instances (best effort); safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#imports.close();
    this.#exports.close();
  }

  async #request(to: string, message: ExporterMessage, doing: string): Promise<PipeReply> {
    let reply: PipeReply;
    try {
      reply = await this.options.send(to, message);
    } catch (error) {
      throw new HostPipeError('unreachable', `instance ${to} is unreachable, could not ${doing}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (reply.type === 'error') throw new HostPipeError(reply.code, reply.message);
    return reply;
  }

  #notify(to: string, message: PipeMessage): void {
    const failed = (reason: string) =>
      this.options.log.debug('pipe notification not delivered', { to, type: message.type, reason });
    this.options.send(to, message).then(
      (reply) => reply.type === 'error' && failed(reply.message),
      (error: Error) => failed(error.message),
    );
  }
}

function errorReply(code: ErrorReply['code'], message: string): ErrorReply {
  return { type: 'error', code, message };
}

function isMessage(message: unknown): message is PipeMessage {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
