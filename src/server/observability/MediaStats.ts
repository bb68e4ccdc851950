import { readFile } from 'node:fs/promises';
import type { types } from 'mediasoup';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WorkerPool } from '../../media/WorkerPool.js';
import type { SessionUsage } from '../../service/SfuService.js';

export interface MediaStatsOptions {
  registry: Registry;
  /** The live sessions of this process (SfuService.usage). */
  usage: () => SessionUsage[];
  pool: WorkerPool;
  /** Configured app ids: every per-app series exists for each (0 when idle), and for no other. */
  appIds: string[];
  /**
   * mediasoup stats are read at most this often, whatever the scrape rate: one getStats per
   * transport, producer and consumer costs a round trip to its worker. @default 5000
   */
  minIntervalMs?: number;
}

type Direction = 'in' | 'out';

/**
 * Session, track and channel counts by app (read at each scrape), traffic from mediasoup's stats
 * and each worker's CPU and memory (read by `refresh`, which the scrape awaits first, at most
 * every `minIntervalMs`). mediasoup's
 * counts are per object and vanish with it: each is turned into increments of a counter that
 * keeps what closed transports and tracks had carried.
 */
export class MediaStats {
  readonly #options: MediaStatsOptions;
  readonly #apps: Set<string>;
  /** The last value seen of each mediasoup count, by object, stream and field. */
  #last = new Map<string, number>();
  #refreshing: Promise<void> | undefined;
  #refreshedAt = 0;
  readonly #bytes: Counter<'app' | 'direction'>;
  readonly #packets: Counter<'app' | 'direction'>;
  readonly #lost: Counter<'app' | 'direction'>;
  readonly #nacks: Counter<'app' | 'direction'>;
  readonly #plis: Counter<'app' | 'direction'>;
  readonly #bitrate: Gauge<'app' | 'direction'>;
  readonly #workerCpu: Counter<'worker'>;
  readonly #workerMemory: Gauge<'worker'>;

  constructor(options: MediaStatsOptions) {
    this.#options = options;
    this.#apps = new Set(options.appIds);
    const registers = [options.registry];
    const counts = (name: string, help: string, pick: (s: SessionUsage) => number, labels: Record<string, string> = {}) => ({ name, help, pick, labels });
    const byApp = [
      counts('sfu_sessions', 'Live sessions (PeerConnections) by app.', () => 1),
      counts('sfu_data_channels', 'Open DataChannels (published and pulled) by app.', (s) => s.dataChannels),
      counts('sfu_consumers', 'Open mediasoup consumers (pulled media tracks) by app.', (s) => s.consumers.length),
    ];
    for (const { name, help, pick } of byApp) {
      new Gauge({
        name,
        help,
        labelNames: ['app'],
        registers,
        collect: () => {
          const gauge = options.registry.getSingleMetric(name) as Gauge<'app'>;
          const totals = this.#perApp(pick);
          for (const [app, value] of totals) gauge.set({ app }, value);
        },
      });
    }
    new Gauge({
      name: 'sfu_tracks',
      help: 'Open tracks by app: location "local" are published to the SFU, "remote" are pulled from it.',
      labelNames: ['app', 'location'],
      registers,
      collect: () => {
        const gauge = options.registry.getSingleMetric('sfu_tracks') as Gauge<'app' | 'location'>;
        for (const [app, value] of this.#perApp((s) => s.producers.length)) gauge.set({ app, location: 'local' }, value);
        for (const [app, value] of this.#perApp((s) => s.consumers.length)) gauge.set({ app, location: 'remote' }, value);
      },
    });
    const traffic = (name: string, help: string) => new Counter({ name, help, labelNames: ['app', 'direction'], registers });
    this.#bytes = traffic('sfu_transport_bytes_total', 'Bytes received from ("in") and sent to ("out") clients over their WebRTC transports, all packet kinds.');
    this.#packets = traffic('sfu_rtp_packets_total', 'RTP packets received from publishers ("in") and sent to subscribers ("out").');
    this.#lost = traffic('sfu_rtp_packets_lost_total', 'RTP packets lost on the way from publishers ("in", seen by the SFU) and to subscribers ("out", as their receiver reports say).');
    this.#nacks = traffic('sfu_rtcp_nack_total', 'NACKs the SFU sent to publishers ("in") and received from subscribers ("out").');
    this.#plis = traffic('sfu_rtcp_pli_total', 'PLIs (picture loss indications) the SFU sent to publishers ("in") and received from subscribers ("out").');
    this.#bitrate = new Gauge({
      name: 'sfu_transport_bitrate_bps',
      help: 'Current bitrate over WebRTC transports, bits per second: received ("in") and sent ("out").',
      labelNames: ['app', 'direction'],
      registers,
    });
    this.#workerCpu = new Counter({ name: 'sfu_worker_cpu_seconds_total', help: 'CPU time (user + system) of each mediasoup worker process, by worker index.', labelNames: ['worker'], registers });
    this.#workerMemory = new Gauge({
      name: 'sfu_worker_memory_bytes',
      help: 'Resident memory of each mediasoup worker process (from /proc; its peak where /proc is not readable), by worker index.',
      labelNames: ['worker'],
      registers,
    });
    new Gauge({
      name: 'sfu_workers_up',
      help: 'mediasoup workers running (of those configured).',
      registers,
      collect: () => {
        (options.registry.getSingleMetric('sfu_workers_up') as Gauge).set(options.pool.workers.filter((w) => !w.closed).length);
      },
    });
  }

  /** Reads mediasoup's stats into the counters, unless that was done less than `minIntervalMs` ago; concurrent scrapes share one read. */
  refresh(): Promise<void> {
    if (this.#refreshing) return this.#refreshing;
    if (Date.now() - this.#refreshedAt < (this.#options.minIntervalMs ?? 5_000)) return Promise.resolve();
    this.#refreshing = this.#read().finally(() => {
      this.#refreshedAt = Date.now();
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  #perApp(pick: (s: SessionUsage) => number): Map<string, number> {
    const totals = new Map([...this.#apps].map((app) => [app, 0]));
    for (const session of this.#options.usage()) {
      if (totals.has(session.appId)) totals.set(session.appId, totals.get(session.appId)! + pick(session));
    }
    return totals;
  }

  async #read(): Promise<void> {
    const seen = new Map<string, number>();
    const bitrate = new Map<string, number>();
    const add = (counter: Counter<'app' | 'direction'>, key: string, app: string, direction: Direction, value: number) => {
      seen.set(key, value);
      const increment = value - (this.#last.get(key) ?? 0);
      if (increment > 0) counter.inc({ app, direction }, increment);
    };
    const sessions = this.#options.usage().filter((s) => this.#apps.has(s.appId));
    await Promise.all(
      sessions.map(async ({ appId: app, transport, producers, consumers }) => {
        const [transportStats] = await statsOf(transport);
        if (transportStats) {
          add(this.#bytes, `${transport.id}:in`, app, 'in', transportStats.bytesReceived);
          add(this.#bytes, `${transport.id}:out`, app, 'out', transportStats.bytesSent);
          bitrate.set(`${app}:in`, (bitrate.get(`${app}:in`) ?? 0) + transportStats.recvBitrate);
          bitrate.set(`${app}:out`, (bitrate.get(`${app}:out`) ?? 0) + transportStats.sendBitrate);
        }
        const streams = async (items: (types.Producer | types.Consumer)[], direction: Direction, type: string) => {
          for (const stats of await Promise.all(items.map(async (item) => ({ id: item.id, stats: await statsOf(item) })))) {
            for (const stream of stats.stats.filter((s) => s.type === type)) {
              const key = `${stats.id}:${stream.ssrc}`;
              add(this.#packets, `${key}:packets`, app, direction, stream.packetCount);
              add(this.#lost, `${key}:lost`, app, direction, stream.packetsLost);
              add(this.#nacks, `${key}:nack`, app, direction, stream.nackCount);
              add(this.#plis, `${key}:pli`, app, direction, stream.pliCount);
            }
          }
        };
        await Promise.all([streams(producers, 'in', 'inbound-rtp'), streams(consumers, 'out', 'outbound-rtp')]);
      }),
    );
    for (const app of this.#apps) {
      for (const direction of ['in', 'out'] as const) this.#bitrate.set({ app, direction }, bitrate.get(`${app}:${direction}`) ?? 0);
    }
    await Promise.all(
      this.#options.pool.workers
        .filter((w) => !w.closed)
        .map(async (w) => {
          const usage = await w.worker.getResourceUsage().catch(() => undefined);
          if (!usage) return;
          const key = `worker:${w.worker.pid}`;
          const seconds = (usage.ru_utime + usage.ru_stime) / 1000;
          seen.set(key, seconds);
          const increment = seconds - (this.#last.get(key) ?? 0);
          if (increment > 0) this.#workerCpu.inc({ worker: String(w.index) }, increment);
          this.#workerMemory.set({ worker: String(w.index) }, (await residentBytes(w.worker.pid)) ?? usage.ru_maxrss * 1024);
        }),
    );
    // What closed is dropped: its counts are in the counters already.
    this.#last = seen;
  }
}

type StreamStats = { type: string; ssrc: number; packetCount: number; packetsLost: number; nackCount: number; pliCount: number };

/** An object's stats; none when it closed meanwhile (a closed object's getStats rejects). */
async function statsOf(item: types.WebRtcTransport): Promise<types.WebRtcTransportStat[]>;
async function statsOf(item: types.Producer | types.Consumer): Promise<StreamStats[]>;
async function statsOf(item: types.WebRtcTransport | types.Producer | types.Consumer): Promise<unknown[]> {
  if (item.closed) return [];
  return item.getStats().catch(() => []);
}

/** A process's resident set size from /proc (Linux), or undefined. */
async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8');
    const pages = Number(statm.split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : undefined;
  } catch {
    return undefined;
  }
}
