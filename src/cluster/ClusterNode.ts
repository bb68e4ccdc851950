import type { Redis } from 'ioredis';
import { HostPipes } from '../media/HostPipes.js';
import type { PipeMessage } from '../media/HostPipeMessages.js';
import type { WorkerPool } from '../media/WorkerPool.js';
import type { AppRegistry } from '../service/apps/AppRegistry.js';
import { SfuService, type Logger, type ServiceLimits } from '../service/index.js';
import type { SessionTiming } from '../service/session/Session.js';
import type { PullTarget } from '../service/tracks/planTracks.js';
import { ClusterService, sessionMethods } from './ClusterService.js';
import { Instances, type InstanceInfo } from './Instances.js';
import { InternalRpc } from './InternalRpc.js';
import { createClusterRedis } from './redis.js';
import { RedisEventLog } from './RedisEventLog.js';
import { RedisPresence } from './RedisPresence.js';
import { RemotePulls } from './RemotePulls.js';
import { SessionDirectory, type SessionRecord } from './SessionDirectory.js';
import { StoreWrites } from './StoreWrites.js';
import { fromWire, type WireCaller } from './wireCaller.js';

export interface ClusterNodeOptions {
  redisUrl: string;
  instanceId: string;
  secret: string;
  instanceTtlMs: number;
  /** Where the others reach this instance; when absent, the URL it listens on. */
  internalUrl?: string;
  media: { listenIp: string; announcedAddress?: string };
  pipePorts?: { min: number; max: number };
  apps: AppRegistry;
  pool: WorkerPool;
  log: Logger;
  timing: SessionTiming;
  limits: ServiceLimits;
}

/**
 * One instance of a cluster: its own SfuService (the sessions it owns), and around it what
 * makes the instances one service, all on Redis and mediasoup: the instance registry
 * (heartbeats, load, lost instances), the session directory (who owns which session), the
 * per-app event log, calls between instances, and media pipes between hosts.
 */
export class ClusterNode {
  readonly service: ClusterService;
  readonly local: SfuService;
  /** The internal endpoint other instances call (undefined for every other request). */
  readonly handleInternal: (request: Request) => Promise<Response | undefined>;
  readonly #redis: Redis;
  readonly #instances: Instances;
  readonly #directory: SessionDirectory;
  readonly #events: RedisEventLog;
  readonly #pipes: HostPipes;
  readonly #rpc: InternalRpc;
  readonly #writes: StoreWrites;
  readonly #presence: RedisPresence;
  readonly #records = new Map<string, SessionRecord>();
  /** Instances this one has pipes with (either way): when one is no longer live, its pipes close here. */
  readonly #pipePeers = new Set<string>();
  #self: InstanceInfo;
  #timers: NodeJS.Timeout[] = [];
  /** Since when heartbeats have succeeded without a break: only then may this instance judge others lost. */
  #storeUpSince: number | undefined;
  /** When this instance first saw another's heartbeat missing, while it saw the store itself. */
  readonly #missingSince = new Map<string, number>();
  #stopped = false;

  constructor(private readonly options: ClusterNodeOptions) {
    const { instanceId: id, log } = options;
    this.#self = { id, internalUrl: options.internalUrl ?? '', sessions: 0, draining: false, at: Date.now() };
    this.#redis = createClusterRedis({ url: options.redisUrl, role: 'registry', log });
    this.#instances = new Instances(this.#redis, options.instanceTtlMs);
    this.#directory = new SessionDirectory(this.#redis, options.limits.closedSessionMemoryMs);
    this.#writes = new StoreWrites(log);
    this.#presence = new RedisPresence(this.#redis, this.#writes);
    this.#events = new RedisEventLog({ redis: options.redisUrl, appIds: options.apps.list().map((a) => a.id), log, instanceId: id });
    this.#rpc = new InternalRpc(id, options.secret, log);
    const peer = async (to: string): Promise<InstanceInfo> => {
      const instance = await this.#instances.get(to);
      if (!instance) throw new Error(`instance ${to} is not live`);
      return instance;
    };
    this.#pipes = new HostPipes({
      instanceId: id,
      listenIp: options.media.listenIp,
      ...(options.media.announcedAddress ? { announcedAddress: options.media.announcedAddress } : {}),
      ...(options.pipePorts ? { portRange: options.pipePorts } : {}),
      send: async (to, message) => {
        this.#pipePeers.add(to);
        return this.#rpc.call(await peer(to), 'pipe', [message]);
      },
      findProducer: (producerId) => this.local.findProducer(producerId),
      findDataProducer: (dataProducerId) => this.local.findDataProducer(dataProducerId),
      log,
    });
    this.local = new SfuService({
      apps: options.apps,
      pool: options.pool,
      log,
      timing: options.timing,
      limits: options.limits,
      events: this.#events,
      presence: this.#presence,
      remote: new RemotePulls({ self: id, directory: this.#directory, instances: this.#instances, rpc: this.#rpc, pipes: this.#pipes, log }),
      lifecycle: {
        opened: (session) => {
          const record: SessionRecord = {
            id: session.id,
            owner: id,
            appId: session.appId,
            ...(session.room !== undefined ? { room: session.room } : {}),
            ...(session.identity !== undefined ? { identity: session.identity } : {}),
          };
          this.#records.set(session.id, record);
          this.#writes.push(`register session ${session.id}`, () => this.#directory.opened(record));
        },
        closed: (session, reason) => {
          const record = this.#records.get(session.id);
          this.#records.delete(session.id);
          if (record) this.#writes.push(`close session ${session.id}`, () => this.#directory.closed(record, reason));
        },
      },
    });
    this.service = new ClusterService({ local: this.local, self: () => this.#self, instances: this.#instances, directory: this.#directory, rpc: this.#rpc });
    this.handleInternal = this.#makeInternalHandler();
  }


  #makeInternalHandler(): (request: Request) => Promise<Response | undefined> {
    const caller = (wire: WireCaller) => fromWire(this.options.apps, wire);
    const local = () => this.local;
    const methods: Record<string, (from: string, ...args: never[]) => Promise<unknown>> = {
      // Placed here by another instance; placed again if this one started draining meanwhile.
      placedSession: async (_from, wire: WireCaller, options: never) => {
        if (this.#self.draining) return this.service.createSession(caller(wire), options);
        return local().createSession(caller(wire), options);
      },
      findSession: async (_from, wire: WireCaller, sessionId: string) => local().localSession(caller(wire), sessionId) ?? null,
      localSessions: async (_from, wire: WireCaller, filter: { room?: string }) => local().localSessions(caller(wire), filter),
      exportTrack: async (_from, wire: WireCaller, target: PullTarget) => local().exportTrack(caller(wire), target),
      exportChannel: async (_from, wire: WireCaller, sessionId: string, name: string) => local().exportChannel(caller(wire), sessionId, name),
      channelReply: async (_from, wire: WireCaller, sessionId: string, name: string, message: string, ppid: number) =>
        local().replyToChannel(caller(wire), sessionId, name, message, ppid),
      pipe: async (from, message: PipeMessage) => {
        this.#pipePeers.add(from);
        return this.#pipes.handle(from, message);
      },
    };
    for (const method of sessionMethods) {
      methods[method] = async (_from, wire: WireCaller, sessionId: string, ...rest: never[]) =>
        (local()[method] as (...args: unknown[]) => Promise<unknown>).call(local(), caller(wire), sessionId, ...rest);
    }
    return this.#rpc.handler(methods);
  }

  /** Joins the cluster: heartbeats, then watching for lost instances. `listeningUrl` is the internal URL unless one was configured. */
  async start(listeningUrl: string): Promise<void> {
    this.#self = { ...this.#self, internalUrl: this.options.internalUrl ?? listeningUrl };
    // Announced only once its event reader is live: a subscription made here from then on misses no event.
    const started = await Promise.race([this.#events.whenStarted().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!started) this.options.log.warn('cluster store not reachable at start: serving anyway, joining when it answers');
    const every = (ms: number, task: () => Promise<void>): void => {
      const timer = setInterval(() => void task().catch(() => {}), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    await this.#heartbeat();
    every(Math.max(250, Math.floor(this.options.instanceTtlMs / 3)), () => this.#heartbeat());
    every(Math.max(250, Math.floor(this.options.instanceTtlMs / 2)), () => this.#reapLost());
  }

  /** Whether the cluster store answers a PING within a second (readiness). */
  async storeReachable(): Promise<{ ok: true } | { ok: false; error: string }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.#redis.ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 1 s')), 1_000)))]);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops taking new sessions: placement skips this instance from its next heartbeat on (written at once). */
  async drain(): Promise<void> {
    this.#self = { ...this.#self, draining: true };
    await this.#heartbeat();
  }

  /** Leaves the cluster: drains, closes its sessions (they are reported left) and pipes, writes what waits, and leaves the registry. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.drain().catch(() => {});
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.local.close();
    this.#pipes.close();
    await this.#writes.flush(2_000);
    await this.#events.close();
    await this.#instances.forget(this.#self.id).catch(() => {});
    this.#redis.disconnect();
  }

  async #heartbeat(): Promise<void> {
    this.#self = { ...this.#self, sessions: this.local.sessionCount, at: Date.now() };
    try {
      await this.#instances.heartbeat(this.#self);
      this.#storeUpSince ??= Date.now();
    } catch (error) {
      if (this.#storeUpSince !== undefined) this.options.log.warn('cluster heartbeat failed', { error: (error as Error).message });
      this.#storeUpSince = undefined;
    }
  }

  /**
   * Instances whose heartbeat is gone: each instance closes its pipes with them, and one of
   * them (by a lock in Redis) reports their sessions left and closed. An instance is lost when
   * this one has seen its heartbeat missing for a whole TTL while itself reaching the store
   * (so a lost one is found within about two TTLs), never sooner: an outage of the store, or a
   * peer slow to reconnect after one, is not mistaken for a loss.
   */
  async #reapLost(): Promise<void> {
    const now = Date.now();
    if (this.#storeUpSince === undefined) {
      this.#missingSince.clear();
      return;
    }
    const live = new Set((await this.#instances.live()).map((i) => i.id));
    const members = new Set(await this.#instances.members());
    const watched = new Set([...members, ...this.#pipePeers]);
    const lost: string[] = [];
    for (const id of watched) {
      if (id === this.#self.id || live.has(id)) {
        this.#missingSince.delete(id);
        continue;
      }
      const since = Math.max(this.#missingSince.get(id) ?? now, this.#storeUpSince);
      this.#missingSince.set(id, since);
      if (now - since >= this.options.instanceTtlMs) lost.push(id);
    }
    for (const id of lost) {
      if (this.#pipePeers.delete(id)) {
        this.options.log.warn('cluster instance lost: closing its pipes', { instance: id });
        this.#pipes.instanceLost(id);
      }
    }
    for (const id of lost) {
      this.#missingSince.delete(id);
      if (!members.has(id) || !(await this.#instances.claimReaping(id, this.#self.id))) continue;
      const lostId = id;
      const sessions = await this.#directory.ownedBy(lostId);
      for (const record of sessions) {
        await this.#directory.closed(record, 'instance_lost');
        this.#events.publish({
          type: 'sessionLeft',
          reason: 'instance_lost',
          appId: record.appId,
          sessionId: record.id,
          ...(record.room !== undefined ? { room: record.room } : {}),
          ...(record.identity !== undefined ? { identity: record.identity } : {}),
        });
        const { room, identity } = record;
        if (room !== undefined && identity !== undefined && (await this.#presence.end({ id: record.id, appId: record.appId, room, identity }))) {
          this.#events.publish({ type: 'participantLeft', appId: record.appId, sessionId: record.id, room, identity });
        }
      }
      await this.#directory.forgetOwner(lostId);
      await this.#instances.forget(lostId);
      this.options.log.warn('cluster instance reaped', { instance: lostId, sessions: sessions.length });
    }
  }
}
