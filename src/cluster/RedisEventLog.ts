import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NewSfuEvent, SfuEvent } from '../service/events/SfuEventBus.js';
import type { Logger } from '../service/Logger.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import type { EventLog } from '../service/events/EventLog.js';
import { appendArgs, appendScript, appendScriptSha, appKeys, decodeEntry, pendingEvent, seqOf, type AppKeys, type PendingEvent } from './eventEntries.js';
import { Outbox } from './Outbox.js';
import { asStoreError, createClusterRedis, isStoreUnavailable, storeUnavailable, whenReady, type RedisClientFactory } from './redis.js';

export interface RedisEventLogOptions {
  /** The store: a `redis://` URL, or a factory called once per connection (`events`, `events-reader`). */
  redis: string | RedisClientFactory;
  /** The apps whose events this instance delivers to its listeners. */
  appIds: readonly string[];
  log: Logger;
  /** How many past events of each app the stream keeps for `since()` (trimmed approximately, never below). @default 10000 */
  historySize?: number;
  /** Events that may wait in memory for the store; past it the oldest are dropped, logged as errors. @default 100000 */
  maxBuffered?: number;
  /** Prefix of every key. @default 'sfu' */
  keyPrefix?: string;
  /** Names this instance in the store's dedup markers. @default a random UUID */
  instanceId?: string;
  /** The most events one append carries. @default 500 */
  batchSize?: number;
  /** How long `close()` keeps trying to write what waits. @default 2000 */
  closeTimeoutMs?: number;
  /** How long one blocking read waits before it goes round again. @default 5000 */
  blockMs?: number;
}

type Since = { events: SfuEvent[]; complete: boolean };

/**
 * The cluster's per-app event stream in Redis: one stream per app, each entry's id its seq,
 * assigned in the append script (eventEntries.ts). Publishing never waits: events queue in memory
 * in order and one writer appends them, per app one batch at a time, retrying while the store is
 * down. One reader per instance blocks on all its apps' streams and emits every entry once, in
 * order, resuming from its last ids after an outage. An instance hears its own events through
 * the store too, so all instances see one order.
 */
export class RedisEventLog implements EventLog {
  readonly #emitter = new TypedEmitter<{ event: [SfuEvent] }>();
  readonly #commands: Redis;
  readonly #reader: Redis;
  readonly #log: Logger;
  readonly #outbox: Outbox;
  readonly #historySize: number;
  readonly #batchSize: number;
  readonly #closeTimeoutMs: number;
  readonly #blockMs: number;
  readonly #keyPrefix: string;
  readonly #instanceId: string;
  readonly #appIds: readonly string[];
  readonly #keys = new Map<string, AppKeys>();
  /** Per app: the seq of the last entry the reader emitted (or the stream's last when it started): it resumes after it. */
  readonly #read = new Map<string, number>();
  /** Per app: the app's last seq as this instance's last append left it. */
  readonly #appended = new Map<string, number>();
  #nextLocal = 1;
  #dropped = 0;
  #closing = false;
  /** Set once `close()` gave up on what still waits: the writer ends whatever the connection does. */
  #stopWriting = false;
  readonly #writingStopped: Promise<void>;
  #signalStopWriting!: () => void;
  readonly #closingSignal: Promise<void>;
  #signalClosing!: () => void;
  #closed: Promise<void> | undefined;
  #wakeWriter: (() => void) | undefined;
  readonly #writer: Promise<void>;
  readonly #readerLoop: Promise<void>;
  /** Resolves once the reader knows where each stream stands (so nothing published after is missed). */
  readonly #started: Promise<void>;
  #markStarted!: () => void;

  /** Connects at once, whether or not the store is up; `create()` also waits for it. */
  constructor(options: RedisEventLogOptions) {
    const factory: RedisClientFactory =
      typeof options.redis === 'string'
        ? ((url) => (role) => createClusterRedis({ url, role, log: options.log, blocking: role === 'events-reader' }))(options.redis)
        : options.redis;
    this.#log = options.log;
    this.#historySize = options.historySize ?? 10_000;
    this.#outbox = new Outbox(options.maxBuffered ?? 100_000);
    this.#batchSize = options.batchSize ?? 500;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2_000;
    this.#blockMs = options.blockMs ?? 5_000;
    this.#keyPrefix = options.keyPrefix ?? 'sfu';
    this.#instanceId = options.instanceId ?? randomUUID();
    this.#appIds = [...new Set(options.appIds)];
    this.#commands = factory('events');
    this.#reader = factory('events-reader');
    this.#started = new Promise((resolve) => (this.#markStarted = resolve));
    this.#closingSignal = new Promise((resolve) => (this.#signalClosing = resolve));
    this.#writingStopped = new Promise((resolve) => (this.#signalStopWriting = resolve));
    this.#readerLoop = this.#readLoop();
    this.#writer = this.#write();
  }

  /** Resolves once the reader knows where each stream stands: from then on every new event reaches the listeners. */
  whenStarted(): Promise<void> {
    return this.#started;
  }

  /**
   * An event log once the store answered, at most `timeoutMs`; rejects with
   * `temporarily_unavailable_error` (and closes what it opened) when it did not.
   * @param timeoutMs @default 5000
   */
  static async create(options: RedisEventLogOptions & { timeoutMs?: number }): Promise<RedisEventLog> {
    const eventLog = new RedisEventLog(options);
    const timeoutMs = options.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const started = await Promise.race([
      eventLog.#started.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!started) {
      await eventLog.close();
      throw storeUnavailable(new Error(`no answer within ${timeoutMs} ms`));
    }
    return eventLog;
  }

  publish(event: NewSfuEvent): void {
    if (this.#closing) {
      this.#log.error('an event was published after the event log closed: dropped', { appId: event.appId, type: event.type });
      return;
    }
    let pending: PendingEvent;
    try {
      pending = pendingEvent(this.#nextLocal++, event);
    } catch (error) {
      this.#log.error('an event could not be serialized: dropped', { appId: event.appId, type: event.type, error: String(error) });
      return;
    }
    const dropped = this.#outbox.push(event.appId, pending);
    if (dropped) this.#onDropped();
    this.#wakeWriter?.();
  }

  async lastSeq(appId: string): Promise<number> {
    try {
      const stored = Number((await this.#commands.get(this.#keysOf(appId).seq)) ?? 0);
      return Math.max(stored, this.#floor(appId));
    } catch (error) {
      throw asStoreError(error);
    }
  }

  async since(appId: string, seq: number): Promise<Since> {
    const { stream } = this.#keysOf(appId);
    try {
      // One transaction, so no trim comes between reading the entries and reading the oldest one.
      const replies = await this.#commands.multi().xrange(stream, `(${Math.max(0, Math.floor(seq))}-0`, '+').xrange(stream, '-', '+', 'COUNT', 1).exec();
      const [entries, first] = (replies ?? []).map(([error, reply]) => {
        if (error) throw error;
        return reply as [id: string, fields: string[]][];
      });
      const events = (entries ?? []).flatMap(([id, fields]) => decodeEntry(id, fields) ?? []);
      // Something after `seq` was trimmed when the oldest kept entry is past seq+1. An empty
      // stream (gone, or never written) is complete unless its counter is past `seq`.
      const oldest = first?.[0] ? seqOf(first[0][0]) : (await this.lastSeq(appId)) + 1;
      return { events, complete: oldest <= seq + 1 };
    } catch (error) {
      throw asStoreError(error);
    }
  }

  on(type: 'event', listener: (event: SfuEvent) => void): void {
    this.#emitter.on(type, listener);
  }

  off(type: 'event', listener: (event: SfuEvent) => void): void {
    this.#emitter.off(type, listener);
  }

  /** Stops delivering, writes what waits (at most `closeTimeoutMs`), then disconnects. Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#closing = true;
    this.#signalClosing();
    this.#reader.disconnect();
    this.#wakeWriter?.();
    await this.#readerLoop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#writer, new Promise((resolve) => (timer = setTimeout(resolve, this.#closeTimeoutMs)))]);
    clearTimeout(timer);
    if (this.#outbox.size > 0) {
      this.#log.error('the event log closed with events the cluster store (Redis) never got', { unwritten: this.#outbox.size });
    }
    this.#stopWriting = true;
    this.#signalStopWriting();
    this.#wakeWriter?.();
    // A client that is reconnecting never reaches 'end' on disconnect(): the flag ends the writer.
    await Promise.race([this.#commands.quit().catch(() => undefined), sleep(500)]);
    this.#commands.disconnect();
    await this.#writer;
    this.#emitter.removeAllListeners();
  }

  #keysOf(appId: string): AppKeys {
    let keys = this.#keys.get(appId);
    if (!keys) this.#keys.set(appId, (keys = appKeys(this.#keyPrefix, appId, this.#instanceId)));
    return keys;
  }

  #onDropped(): void {
    this.#dropped++;
    // One line when dropping starts, then one per thousand: an outage must not flood the log.
    if (this.#dropped === 1 || this.#dropped % 1_000 === 0) {
      this.#log.error('events dropped: the cluster store (Redis) has been unreachable for too long and the buffer is full', {
        dropped: this.#dropped,
        buffered: this.#outbox.size,
      });
    }
  }

  /** The one writer: appends what waits, a batch per app at a time, until closed and empty (or disconnected). */
  async #write(): Promise<void> {
    await Promise.race([this.#started, this.#closingSignal]);
    let failures = 0;
    for (;;) {
      if (this.#stopWriting) return;
      if (this.#outbox.size === 0) {
        if (this.#closing) return;
        await this.#wake();
        continue;
      }
      if (this.#commands.status !== 'ready') {
        await Promise.race([whenReady(this.#commands, 1_000), this.#wake()]);
        continue;
      }
      const batches = this.#outbox.takeBatches(this.#batchSize);
      const results = await Promise.all([...batches].map(([appId, batch]) => this.#append(appId, batch)));
      const failure = results.find((r) => r !== undefined);
      if (failure === undefined) {
        if (failures > 0) this.#log.info('events that waited for the cluster store (Redis) are written', { failedTries: failures });
        failures = 0;
        continue;
      }
      // One line per streak of failures; an unavailable store is logged by its connection already.
      if (failures++ === 0) {
        const fields = { error: String(failure), buffered: this.#outbox.size };
        if (isStoreUnavailable(failure)) this.#log.warn('events wait for the cluster store (Redis)', fields);
        else this.#log.error('the cluster store (Redis) refused events: retrying', fields);
      }
      // Not woken by new events: a store that refuses them must not be retried once per publish.
      await Promise.race([sleep(Math.min(50 * 2 ** Math.min(failures, 5), 1_000)), this.#writingStopped]);
    }
  }

  /** Appends one app's batch; returns the error when it failed (the batch then stays first in line). */
  async #append(appId: string, batch: PendingEvent[]): Promise<unknown> {
    const keys = this.#keysOf(appId);
    const args = [keys.stream, keys.seq, keys.appended, ...appendArgs(batch, this.#historySize, this.#floor(appId))];
    try {
      let seq: unknown;
      try {
        seq = await this.#commands.evalsha(appendScriptSha, 3, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        seq = await this.#commands.eval(appendScript, 3, ...args);
      }
      this.#outbox.delivered(appId);
      raise(this.#appended, appId, Number(seq));
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** The one reader: blocks on every app's stream from the last id it emitted. */
  async #readLoop(): Promise<void> {
    if (!(await this.#startReader())) return;
    const keys = this.#appIds.map((appId) => this.#keysOf(appId).stream);
    let failures = 0;
    while (!this.#closing && this.#appIds.length > 0) {
      const ids = this.#appIds.map((appId) => `${this.#read.get(appId) ?? 0}-0`);
      try {
        const streams = await this.#reader.xread('COUNT', this.#batchSize, 'BLOCK', this.#blockMs, 'STREAMS', ...keys, ...ids);
        failures = 0;
        for (const [key, entries] of streams ?? []) this.#emitEntries(this.#appIds[keys.indexOf(key)]!, entries);
      } catch (error) {
        if (this.#closing) return;
        if (!isStoreUnavailable(error)) this.#log.error('reading the event streams failed', { error: String(error) });
        await Promise.race([whenReady(this.#reader, 1_000), this.#closingSignal]);
        await sleep(Math.min(20 * 2 ** Math.min(failures++, 5), 1_000));
      }
    }
  }

  /** Learns each stream's last seq, retrying while the store is down; false when closed first. */
  async #startReader(): Promise<boolean> {
    while (!this.#closing) {
      try {
        const stored = this.#appIds.length === 0 ? [] : await this.#reader.mget(this.#appIds.map((appId) => this.#keysOf(appId).seq));
        this.#appIds.forEach((appId, i) => raise(this.#read, appId, Number(stored[i] ?? 0)));
        this.#markStarted();
        return true;
      } catch {
        await Promise.race([whenReady(this.#reader, 1_000), this.#closingSignal]);
        await sleep(50);
      }
    }
    return false;
  }

  #emitEntries(appId: string, entries: [id: string, fields: string[]][]): void {
    for (const [id, fields] of entries) {
      const seq = seqOf(id);
      const last = this.#read.get(appId) ?? 0;
      if (seq <= last) continue;
      // Seqs have no gaps in the store: a jump means entries were trimmed before this reader got them.
      if (seq > last + 1) {
        this.#log.error('the event reader fell behind the kept history: events lost to this instance', { appId, lost: seq - last - 1, afterSeq: last });
      }
      this.#read.set(appId, seq);
      const event = decodeEntry(id, fields);
      if (event) this.#emitter.emit('event', event);
      else this.#log.error('an event stream entry is not an event: skipped', { appId, id });
    }
  }

  /** The highest seq of the app this instance has seen: the store's next seq is above it even if the store lost its data. */
  #floor(appId: string): number {
    return Math.max(this.#read.get(appId) ?? 0, this.#appended.get(appId) ?? 0);
  }

  #wake(): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeWriter = () => {
        this.#wakeWriter = undefined;
        resolve();
      };
    });
  }
}

function raise(seqs: Map<string, number>, appId: string, seq: number): void {
  if (Number.isFinite(seq) && seq > (seqs.get(appId) ?? 0)) seqs.set(appId, seq);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
