/** The GraphQL fan-out bench's result: delivery lag per transport and event kind, memory and CPU; its table. */
import type { LatencySummary } from './summary.js';
import type { EventTransport } from './load/eventSubscribers.js';
import { fixed, type Table } from './table.js';

/** One transport and event kind over all rounds: deliveries to every subscriber, and their lag. */
export interface DeliveryRow {
  transport: EventTransport;
  /** `SessionJoined`, `SessionLeft`, or `all` (every event the joins and leaves caused). */
  event: string;
  subscribers: number;
  deliveries: number;
  /** Deliveries due (events x subscribers) that never came. */
  missing: number;
  latencyMs: LatencySummary;
}

/** One set of rounds: `joinsAtOnce` sessions join together, then leave together, `rounds` times. */
export interface FanoutMode {
  joinsAtOnce: number;
  rounds: number;
  joins: number;
  joinFailures: number;
  firstJoinFailure: string | undefined;
  rows: DeliveryRow[];
  /** Over these rounds: CPU as % of one core, and the SFU Node process's per delivery. */
  cpu: { windowMs: number; sfuNodePercent: number; workersPercent: number; clientPercent: number; sfuNodeUsPerDelivery: number };
}

export interface GraphqlFanoutResult {
  scenario: string;
  measuredAt: string;
  workers: number;
  subscribers: Record<EventTransport, number>;
  /** Subscribers that could not connect. */
  openFailures: Record<EventTransport, number>;
  /** Errors a subscription reported (a cut-off, a refused quota). */
  subscriptionErrors: number;
  /** SFU Node process RSS growth per subscriber while they subscribed, KiB. */
  memoryKiBPerSubscriber: Record<EventTransport, number>;
  baselineRssMiB: number;
  modes: FanoutMode[];
}

export function graphqlFanoutTable(result: GraphqlFanoutResult): Table {
  const failed = (transport: EventTransport): string => (result.openFailures[transport] > 0 ? ` (${result.openFailures[transport]} failed)` : '');
  const subscribers = result.subscribers['graphql-ws'] + result.subscribers.sse;
  return {
    title: `GraphQL fan-out (e): ${result.subscribers['graphql-ws']} graphql-ws + ${result.subscribers.sse} SSE subscribers on one room's events while sessions join and leave (SFU with ${result.workers} workers in its own process)`,
    columns: [
      { heading: 'joins at once', align: 'right' },
      { heading: 'transport' },
      { heading: 'subscribers', align: 'right' },
      { heading: 'event' },
      { heading: 'deliveries', align: 'right' },
      { heading: 'missing', align: 'right' },
      { heading: 'p50 ms', align: 'right' },
      { heading: 'p95 ms', align: 'right' },
      { heading: 'p99 ms', align: 'right' },
      { heading: 'max ms', align: 'right' },
      { heading: 'KiB/sub', align: 'right' },
      { heading: 'SFU node %', align: 'right' },
      { heading: 'µs/delivery', align: 'right' },
      { heading: 'client %', align: 'right' },
    ],
    rows: result.modes.flatMap((mode) =>
      mode.rows.map((row) => [
        String(mode.joinsAtOnce),
        row.transport,
        String(row.subscribers) + failed(row.transport),
        row.event,
        String(row.deliveries),
        String(row.missing),
        fixed(row.latencyMs.p50, 1),
        fixed(row.latencyMs.p95, 1),
        fixed(row.latencyMs.p99, 1),
        fixed(row.latencyMs.max, 1),
        fixed(result.memoryKiBPerSubscriber[row.transport], 0),
        fixed(mode.cpu.sfuNodePercent, 0),
        fixed(mode.cpu.sfuNodeUsPerDelivery, 1),
        fixed(mode.cpu.clientPercent, 0),
      ]),
    ),
    notes: [
      'no peer system: this is our GraphQL API alone (Janus has no such subscription); target: graphql-ws p99 < 50 ms with 1,000 subscribers',
      "lag: arrival on the client's wall clock (sub-ms) minus the event's server timestamp `at` (whole ms, so up to 1 ms high); SFU and clients share the clock",
      'a join: createSession(room) over GraphQL, an Opus track published over REST from a libdatachannel peer, DTLS connected (SessionJoined); a leave: closeSession over GraphQL, then the peer closes (SessionLeft); all: also SessionCreated, TrackPublished, TrackClosed',
      `each round: that many joins at once, until every subscriber has their SessionJoined; then they all leave, until every SessionLeft arrived (${result.modes.map((m) => `${m.rounds} rounds of ${m.joinsAtOnce}: ${m.joinFailures} joins failed${m.firstJoinFailure ? ` (${m.firstJoinFailure})` : ''}`).join('; ')}); ${result.subscriptionErrors} subscription errors`,
      `CPU over each set of rounds, % of one core: SFU Node (per delivery: its CPU / deliveries, joins' own work included), workers ${result.modes.map((m) => `${fixed(m.cpu.workersPercent, 0)} %`).join(' / ')}; client: this one process holding all ${subscribers} sockets (near 100 % it, not the SFU, would be the limit)`,
      `KiB/sub: SFU Node process RSS growth while that transport's subscribers connected, / their number (RSS before any: ${fixed(result.baselineRssMiB, 0)} MiB; noisy: GC decides)`,
      'shared, noisy 2-core machine',
    ],
  };
}
