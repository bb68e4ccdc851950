/**
 * Light subscribers of one room's `events` for the GraphQL fan-out bench: graphql-ws over `ws`,
 * and Server-Sent Events over a bare node:http POST (no library, so the client side stays cheap).
 * Each hands every event to a sink with its delivery lag: arrival on this machine's wall clock minus
 * the event's server timestamp `at` (both processes read the same clock).
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export type EventTransport = 'graphql-ws' | 'sse';

export interface ReceivedEvent {
  typename: string;
  seq: number;
  sessionId: string;
  /** Arrival minus the event's `at`, ms (`at` has whole-ms resolution, so this reads up to 1 ms high). */
  lagMs: number;
}

export type EventSink = (transport: EventTransport, event: ReceivedEvent) => void;

/** The subscription every subscriber runs: only the event's own fields, nothing resolved from live state. */
export function eventsSubscription(room: string): string {
  return `subscription { events(room: ${JSON.stringify(room)}) { __typename seq at sessionId ... on SessionLeft { reason } } }`;
}

/** Wall-clock ms with sub-ms resolution (Date.now() has whole ms). */
const wallNowMs = (): number => performance.timeOrigin + performance.now();

interface EventPayload {
  __typename: string;
  seq: number;
  at: string;
  sessionId: string;
}

function received(payload: EventPayload): ReceivedEvent {
  return { typename: payload.__typename, seq: payload.seq, sessionId: payload.sessionId, lagMs: wallNowMs() - Date.parse(payload.at) };
}

/** How long a subscriber may take to connect (and authenticate) before it counts as failed. */
const openTimeoutMs = 15_000;

/** One graphql-ws connection with one `events` subscription. */
export class WsEventSubscriber {
  /** Errors the subscription ended on (none while all is well). */
  errors = 0;

  private constructor(private readonly client: Client) {}

  /** Connects, waits for connection_ack, then subscribes (the server has the subscription a moment later). */
  static async open(baseUrl: string, secret: string, room: string, sink: EventSink): Promise<WsEventSubscriber> {
    let onConnected: () => void = () => undefined;
    let onClosed: (event: unknown) => void = () => undefined;
    const connected = new Promise<void>((resolve, reject) => {
      onConnected = resolve;
      onClosed = (event) => reject(new Error(`graphql-ws closed before connection_ack: ${(event as { code?: number; reason?: string }).code} ${(event as { reason?: string }).reason ?? ''}`));
    });
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${secret}` },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => onConnected(), closed: (event) => onClosed(event) },
    });
    const subscriber = new WsEventSubscriber(client);
    const timer = setTimeout(() => onClosed({ reason: `no connection_ack within ${openTimeoutMs} ms` }), openTimeoutMs);
    try {
      await connected;
    } catch (error) {
      void client.dispose();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    client.subscribe<{ events: EventPayload }>(
      { query: eventsSubscription(room) },
      {
        next: ({ data }) => {
          if (data) sink('graphql-ws', received(data.events));
          else subscriber.errors += 1;
        },
        error: () => (subscriber.errors += 1),
        complete: () => undefined,
      },
    );
    return subscriber;
  }

  /** Completes the subscription and closes the socket. Safe twice. */
  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** One Server-Sent Events stream: `POST /graphql` with `Accept: text/event-stream`. */
export class SseEventSubscriber {
  errors = 0;
  #buffer = '';

  private constructor(private readonly req: ClientRequest) {}

  /** Resolves once the response's headers (200, text/event-stream) are in. */
  static open(baseUrl: string, secret: string, room: string, sink: EventSink): Promise<SseEventSubscriber> {
    const url = new URL('/graphql', baseUrl);
    const body = JSON.stringify({ query: eventsSubscription(room) });
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        agent: false,
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'content-length': Buffer.byteLength(body) },
        timeout: openTimeoutMs,
      });
      const subscriber = new SseEventSubscriber(req);
      req.once('timeout', () => req.destroy(new Error(`no SSE response within ${openTimeoutMs} ms`)));
      req.once('error', reject);
      req.once('response', (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          req.destroy();
          reject(new Error(`SSE subscription answered HTTP ${res.statusCode}`));
          return;
        }
        // Open for good now: no idle timeout on a stream that is quiet between events.
        req.setTimeout(0);
        req.off('error', reject);
        req.on('error', () => (subscriber.errors += 1));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => subscriber.#receive(chunk, sink));
        resolve(subscriber);
      });
      req.end(body);
    });
  }

  /** Messages end with a blank line; `event: next` carries `data: {"data":{"events":{...}}}`. */
  #receive(chunk: string, sink: EventSink): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const message = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const data = message.split('\n').find((line) => line.startsWith('data:'));
      if (!message.startsWith('event: next') || !data) continue;
      const parsed = JSON.parse(data.slice(5)) as { data?: { events: EventPayload } };
      if (parsed.data) sink('sse', received(parsed.data.events));
      else this.errors += 1;
    }
  }

  /** Drops the stream (the server ends the subscription when the socket closes). Safe twice. */
  close(): void {
    this.req.destroy();
  }
}
