import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import type { Logger } from '../Logger.js';
import { connectEndpoint } from './connectEndpoint.js';
import { encodePacket, type Packet } from './packet.js';

/** Cloudflare's window: after a disconnect the same endpoint is retried this long, then the adapter closes. */
export const reconnectWindowMs = 5000;

/** The first retry waits this long after the disconnect, each next one twice as long as the last... */
const firstRetryDelayMs = 250;
/** ...up to this, so a 5 s window still gets an attempt about every second near its end. */
const maxRetryDelayMs = 1000;

/**
 * A reconnected socket that drops again sooner than this continues the outage it ended (same
 * deadline, same backoff) instead of opening a fresh window: an endpoint that accepts and at once
 * closes is retried for one window in all, not forever.
 */
const stableAfterMs = 1000;

/** Packets are dropped rather than queued past this much unsent data (a slow endpoint). */
const maxBufferedBytes = 1 << 20;

export interface EndpointConnectionOptions {
  endpoint: string;
  handshakeTimeoutMs: number;
  /** Packets kept while reconnecting; past it the oldest is dropped. */
  backlog: number;
  /** How long a lost endpoint is retried. @default 5000 (reconnectWindowMs) */
  reconnectWindowMs?: number;
  log: Logger;
  /** Added to every log line (the adapter's id). */
  logFields: Record<string, unknown>;
  /** The endpoint stayed unreachable for the whole window; the connection has closed itself. */
  onLost: (reason: string) => void;
}

/** One disconnect, from the socket's close until a reconnect (or the deadline). */
interface Outage {
  since: number;
  deadline: number;
  attempts: number;
  dropped: number;
}

/**
 * The adapter's WebSocket to the customer's endpoint, kept up the way Cloudflare's egress does:
 * when the endpoint closes or drops the socket, the same URL is retried with a growing backoff for
 * `reconnectWindowMs`; meanwhile packets wait in a bounded backlog (the oldest dropped), flushed in
 * order on reconnect. After the window it gives up and tells `onLost`. close() stops everything at
 * once, an attempt mid-handshake included.
 */
export class EndpointConnection {
  #socket: WebSocket | undefined;
  #connectedAt = 0;
  /** Set while reconnecting. */
  #outage: Outage | undefined;
  /** The outage the current socket ended, continued if that socket drops before stableAfterMs. */
  #lastOutage: Outage | undefined;
  #backlog: Packet[] = [];
  readonly #stop = new AbortController();
  #bytesSent = 0;

  private constructor(
    private readonly options: EndpointConnectionOptions,
    socket: WebSocket,
  ) {
    this.#attach(socket);
  }

  /** Opens the first socket; its failure is the adapter's (websocket_handshake_failed, websocket_connection_timeout). */
  static async connect(options: EndpointConnectionOptions): Promise<EndpointConnection> {
    return new EndpointConnection(options, await connectEndpoint(options.endpoint, options.handshakeTimeoutMs));
  }

  /** Payload bytes handed to a socket so far. */
  get bytesSent(): number {
    return this.#bytesSent;
  }

  /** Whether the endpoint is being reconnected. */
  get reconnecting(): boolean {
    return this.#outage !== undefined;
  }

  get closed(): boolean {
    return this.#stop.signal.aborted;
  }

  /** Sends one packet, or keeps it in the backlog while reconnecting. */
  send(packet: Packet): void {
    if (this.closed) return;
    if (this.#outage === undefined) {
      this.#write(packet);
      return;
    }
    this.#backlog.push(packet);
    if (this.#backlog.length > this.options.backlog) {
      this.#backlog.shift();
      this.#outage.dropped++;
    }
  }

  /** Closes the socket with 1000 and ends any reconnect: no timer, attempt or socket is left. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.#stop.abort();
    this.#outage = undefined;
    this.#backlog = [];
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState === socket.OPEN) socket.close(1000, 'adapter closed');
  }

  #write(packet: Packet): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== socket.OPEN || socket.bufferedAmount > maxBufferedBytes) return;
    socket.send(encodePacket(packet), { binary: true });
    this.#bytesSent += packet.payload.length;
  }

  #attach(socket: WebSocket): void {
    this.#socket = socket;
    this.#connectedAt = performance.now();
    // 'close' follows every 'error'; the reconnect starts there.
    socket.on('error', () => {});
    socket.once('close', (code, reason) => this.#disconnected(socket, code, reason.toString()));
    socket.resume();
  }

  #disconnected(socket: WebSocket, code: number, reason: string): void {
    if (this.closed || socket !== this.#socket) return;
    this.#socket = undefined;
    const now = performance.now();
    const windowMs = this.options.reconnectWindowMs ?? reconnectWindowMs;
    const flapping = this.#lastOutage !== undefined && now - this.#connectedAt < stableAfterMs;
    const outage = flapping ? this.#lastOutage! : { since: now, deadline: now + windowMs, attempts: 0, dropped: 0 };
    this.#outage = outage;
    this.options.log.warn('websocket adapter endpoint disconnected, reconnecting', {
      ...this.options.logFields,
      code,
      reason,
      retryForMs: Math.max(0, Math.round(outage.deadline - now)),
    });
    void this.#reconnect(outage);
  }

  async #reconnect(outage: Outage): Promise<void> {
    const signal = this.#stop.signal;
    for (;;) {
      const delay = Math.min(firstRetryDelayMs * 2 ** outage.attempts, maxRetryDelayMs);
      const waited = await sleep(Math.min(delay, Math.max(0, outage.deadline - performance.now())), true, { signal }).catch(() => false);
      if (!waited) return;
      const left = outage.deadline - performance.now();
      if (left < 1) return this.#lost(outage);
      outage.attempts++;
      try {
        const socket = await connectEndpoint(this.options.endpoint, Math.min(this.options.handshakeTimeoutMs, left), signal);
        if (this.closed) {
          socket.terminate();
          return;
        }
        return this.#reconnected(socket, outage);
      } catch (error) {
        if (this.closed) return;
        this.options.log.info('websocket adapter reconnect attempt failed', { ...this.options.logFields, attempt: outage.attempts, error: (error as Error).message });
      }
    }
  }

  #reconnected(socket: WebSocket, outage: Outage): void {
    const backlog = this.#backlog;
    this.#backlog = [];
    this.#outage = undefined;
    this.#lastOutage = outage;
    this.#attach(socket);
    this.options.log.info('websocket adapter reconnected', {
      ...this.options.logFields,
      attempts: outage.attempts,
      afterMs: Math.round(performance.now() - outage.since),
      flushed: backlog.length,
      dropped: outage.dropped,
    });
    for (const packet of backlog) this.#write(packet);
  }

  #lost(outage: Outage): void {
    const windowMs = this.options.reconnectWindowMs ?? reconnectWindowMs;
    const reason = `the endpoint stayed unreachable for ${windowMs / 1000} s`;
    this.options.log.warn('websocket adapter endpoint lost', { ...this.options.logFields, reason, attempts: outage.attempts, dropped: outage.dropped + this.#backlog.length });
    this.close();
    this.options.onLost(reason);
  }
}
