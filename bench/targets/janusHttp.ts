/**
 * A client of Janus's HTTP API (the REST transport): one session, one long poll
 * (`GET /janus/<session>?maxev=N`) that hands each event to the request it answers (by
 * transaction) or to its handle (by sender), and one handle per PeerConnection. Of the events about
 * a handle outside any request (webrtcup, media, slowlink, hangup), only a hangup matters here:
 * Janus gave up a PeerConnection we had not closed, which explains a silent subscriber.
 *
 * Plugin requests come in two kinds: synchronous ones (VideoRoom `create`) are answered in the
 * POST's response (`success` with plugindata); asynchronous ones (`join`, `publish`, `start`) get
 * an `ack` there and their result later on the long poll, under the same transaction.
 */
import type { Description } from '../load/ndcPeer.js';

/** What Janus sends: responses to POSTs and events on the long poll. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  /** The handle an event is about. */
  sender?: number;
  data?: { id?: number };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Description;
  error?: { code: number; reason: string };
  [field: string]: unknown;
}

/** A plugin's reply: its data and the SDP that came with it, if any. */
export interface PluginReply {
  data: Record<string, unknown>;
  jsep?: Description;
}

/** A trickled candidate as Janus takes it, or the end of them. */
export type JanusCandidate = { candidate: string; sdpMid: string; sdpMLineIndex?: number } | { completed: true };

/** Events a long poll may carry in one response. */
const maxEventsPerPoll = 64;
/** How long an asynchronous request waits for its event. */
const eventTimeoutMs = 30_000;
/** How long a POST may take. */
const requestTimeoutMs = 15_000;

interface Waiter {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class JanusSession {
  readonly #waiters = new Map<string, Waiter>();
  /** Attached handles not detached yet, by id (the `sender` of their events). */
  readonly #handles = new Map<number, JanusHandle>();
  readonly #polling = new AbortController();
  #nextTransaction = 0;
  #failure: Error | undefined;
  #closed = false;
  #poll: Promise<void> = Promise.resolve();

  private constructor(
    /** Base URL of the API, e.g. http://127.0.0.1:8088/janus. */
    readonly apiUrl: string,
    readonly id: number,
  ) {}

  /** Creates a session and starts its long poll. */
  static async create(apiUrl: string): Promise<JanusSession> {
    const created = await post(apiUrl, { janus: 'create', transaction: 'create' });
    if (created.janus !== 'success' || created.data?.id === undefined) throw new Error(`janus create failed: ${describe(created)}`);
    const session = new JanusSession(apiUrl, created.data.id);
    session.#poll = session.#pollLoop();
    return session;
  }

  get url(): string {
    return `${this.apiUrl}/${this.id}`;
  }

  /** Attaches a handle to `plugin` (e.g. janus.plugin.videoroom). */
  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.send(this.url, { janus: 'attach', plugin });
    if (reply.janus !== 'success' || reply.data?.id === undefined) throw new Error(`janus attach failed: ${describe(reply)}`);
    const handle = new JanusHandle(this, reply.data.id);
    this.#handles.set(handle.id, handle);
    return handle;
  }

  /** POSTs `body` with a fresh transaction and returns the response. */
  send(url: string, body: Record<string, unknown>): Promise<JanusMessage> {
    if (this.#failure) return Promise.reject(this.#failure);
    return post(url, { ...body, transaction: this.transaction() });
  }

  /**
   * POSTs an asynchronous request and resolves with the event answering it (or with the response,
   * if Janus answered at once). The waiter is registered first: the event may beat the `ack`.
   */
  async sendAndWait(url: string, body: Record<string, unknown>): Promise<JanusMessage> {
    if (this.#failure) throw this.#failure;
    const transaction = this.transaction();
    const event = new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(transaction);
        reject(new Error(`janus sent no event for ${String(body.janus)} ${JSON.stringify(body.body ?? {})} within ${eventTimeoutMs} ms`));
      }, eventTimeoutMs);
      this.#waiters.set(transaction, { resolve, reject, timer });
    });
    try {
      const response = await post(url, { ...body, transaction });
      if (response.janus === 'ack') return await event;
      this.#settle(transaction);
      return response;
    } catch (error) {
      this.#settle(transaction);
      throw error;
    }
  }

  transaction(): string {
    return `t${++this.#nextTransaction}`;
  }

  /** Forgets a handle about to be detached: its events from then on are its own closing. */
  forget(handleId: number): void {
    this.#handles.delete(handleId);
  }

  /** Destroys the session on Janus (best effort) and ends the long poll. Safe twice. */
  async destroy(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await post(this.url, { janus: 'destroy', transaction: this.transaction() }).catch(() => undefined);
    this.#polling.abort();
    await this.#poll;
    this.#fail(new Error('janus session destroyed'));
  }

  /** Bounded by the session's life: each poll ends within Janus's 30 s, and an error ends the loop. */
  async #pollLoop(): Promise<void> {
    while (!this.#closed) {
      let events: JanusMessage | JanusMessage[];
      try {
        const response = await fetch(`${this.url}?maxev=${maxEventsPerPoll}`, { signal: this.#polling.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status} ${await response.text()}`);
        events = (await response.json()) as JanusMessage | JanusMessage[];
      } catch (error) {
        if (!this.#closed) {
          console.error(`janus long poll failed: ${(error as Error).message}`);
          this.#fail(new Error(`janus long poll failed: ${(error as Error).message}`));
        }
        return;
      }
      // An error in place of events (the session is gone) would answer every poll at once: stop.
      if (!Array.isArray(events) && events.janus === 'error') {
        this.#fail(new Error(`janus long poll: ${describe(events)}`));
        return;
      }
      for (const event of Array.isArray(events) ? events : [events]) this.#dispatch(event);
    }
  }

  #dispatch(event: JanusMessage): void {
    if (event.janus === 'keepalive' || event.janus === 'ack') return;
    const waiter = event.transaction === undefined ? undefined : this.#waiters.get(event.transaction);
    if (waiter) {
      this.#settle(event.transaction!);
      waiter.resolve(event);
    } else if (event.janus === 'hangup' && event.sender !== undefined && this.#handles.has(event.sender)) {
      console.error(`janus hung up handle ${event.sender} (${String(event.reason)}) at ${new Date().toISOString()}`);
    }
  }

  #settle(transaction: string): void {
    const waiter = this.#waiters.get(transaction);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.#waiters.delete(transaction);
  }

  /** Rejects every waiting request; later requests fail at once. */
  #fail(error: Error): void {
    this.#failure ??= error;
    for (const [transaction, waiter] of this.#waiters) {
      this.#settle(transaction);
      waiter.reject(error);
    }
  }
}

export class JanusHandle {
  #detached = false;

  constructor(
    private readonly session: JanusSession,
    readonly id: number,
  ) {}

  get url(): string {
    return `${this.session.url}/${this.id}`;
  }

  /** A synchronous plugin request (VideoRoom `create`): the plugin's data. */
  async request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return pluginReply(await this.session.send(this.url, { janus: 'message', body })).data;
  }

  /** An asynchronous plugin request, with an SDP if given: the plugin's event and its SDP. */
  /** `jsep` may carry Janus's own keys beside the SDP (`rid_order` for a simulcast offer). */
  async message(body: Record<string, unknown>, jsep?: Description & { rid_order?: 'hml' | 'lmh' }): Promise<PluginReply> {
    return pluginReply(await this.session.sendAndWait(this.url, { janus: 'message', body, ...(jsep ? { jsep } : {}) }));
  }

  /** Trickles candidates (or `{ completed: true }`). */
  async trickle(candidates: JanusCandidate[]): Promise<void> {
    const reply = await this.session.send(this.url, { janus: 'trickle', candidates });
    if (reply.janus !== 'ack' && reply.janus !== 'success') throw new Error(`janus trickle failed: ${describe(reply)}`);
  }

  /** Detaches (Janus closes the PeerConnection and leaves the room). Safe twice. */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    this.session.forget(this.id);
    const reply = await this.session.send(this.url, { janus: 'detach' });
    if (reply.janus !== 'success') throw new Error(`janus detach failed: ${describe(reply)}`);
  }
}

/** The plugin's data out of a response or event; a Janus or plugin error becomes an Error. */
function pluginReply(message: JanusMessage): PluginReply {
  if (message.janus === 'error' || !message.plugindata) throw new Error(`janus request failed: ${describe(message)}`);
  const { data } = message.plugindata;
  if (data.error_code !== undefined) throw new Error(`janus ${message.plugindata.plugin} error ${String(data.error_code)}: ${String(data.error)}`);
  return { data, ...(message.jsep ? { jsep: message.jsep } : {}) };
}

async function post(url: string, body: Record<string, unknown>): Promise<JanusMessage> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!response.ok) throw new Error(`janus POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as JanusMessage;
}

function describe(message: JanusMessage): string {
  return message.error ? `${message.error.code} ${message.error.reason}` : JSON.stringify(message).slice(0, 300);
}
