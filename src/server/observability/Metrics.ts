import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphQLObserver } from '../../../schema/server/observer.js';
import { MediaStats, type MediaStatsOptions } from './MediaStats.js';
import type { RouteName } from './routeTemplate.js';

export interface MetricsOptions extends Omit<MediaStatsOptions, 'registry'> {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

const knownMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);

/**
 * Everything `/metrics` answers, in its own prom-client registry (never the library's global one,
 * so two servers in one process, as in tests, do not share series): Node's process metrics,
 * media and worker stats (MediaStats), HTTP requests by route template, and GraphQL operations,
 * subscriptions and event delivery lag. Every label has a bounded set of values.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly media: MediaStats;
  /** What the GraphQL face reports (operations, subscriptions, deliveries). */
  readonly graphql: GraphQLObserver;
  readonly #requests: Counter<'face' | 'route' | 'method' | 'status'>;
  readonly #duration: Histogram<'face' | 'route' | 'method'>;
  readonly #token: Buffer | undefined;

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.media = new MediaStats({ ...options, registry: this.registry });
    this.#token = options.token ? Buffer.from(options.token) : undefined;
    this.#requests = new Counter({
      name: 'sfu_http_requests_total',
      help: 'HTTP requests answered, by face (rest, whip-whep, graphql, ops, static, internal, other), route template, method and status.',
      labelNames: ['face', 'route', 'method', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'sfu_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (to its response headers: a streamed body is not waited for), by face, route template and method.',
      labelNames: ['face', 'route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const operations = new Counter({
      name: 'sfu_graphql_operations_total',
      help: 'GraphQL operations executed (HTTP and WebSocket), by type and outcome ("ok", or "error" when the result has errors).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    const subscriptions = new Gauge({ name: 'sfu_graphql_subscriptions_open', help: 'GraphQL subscriptions open now (SSE and WebSocket).', registers });
    const lag = new Histogram({
      name: 'sfu_graphql_event_delivery_lag_seconds',
      help: 'From an event happening to its being handed to a subscriber\'s transport.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.graphql = {
      operation: (type, ok) => operations.inc({ type, outcome: ok ? 'ok' : 'error' }),
      subscriptionOpened: () => subscriptions.inc(),
      subscriptionClosed: () => subscriptions.dec(),
      eventDelivered: (at) => lag.observe(Math.max(0, Date.now() - at.getTime()) / 1000),
    };
  }

  /** Counts one answered request and its duration. */
  request(name: RouteName, method: string, status: number, seconds: number): void {
    const knownMethod = knownMethods.has(method) ? method : 'other';
    this.#requests.inc({ face: name.face, route: name.route, method: knownMethod, status: String(status) });
    this.#duration.observe({ face: name.face, route: name.route, method: knownMethod }, seconds);
  }

  /** `GET /metrics`: the Prometheus text format; 401 without the token when one is configured. */
  async scrape(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed\n', { status: 405, headers: { Allow: 'GET, HEAD' } });
    if (this.#token && !this.#authorized(request.headers.get('authorization'))) {
      return new Response('unauthorized: send Authorization: Bearer <SFU_METRICS_TOKEN>\n', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    await this.media.refresh();
    return new Response(await this.registry.metrics(), { headers: { 'Content-Type': this.registry.contentType } });
  }

  #authorized(header: string | null): boolean {
    const sent = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
    return sent.length === this.#token!.length && timingSafeEqual(sent, this.#token!);
  }
}
