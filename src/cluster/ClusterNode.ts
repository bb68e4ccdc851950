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
  readonly #records = new Map<string, SessionRecord>();
  /** Instances this one has pipes with (either way): when one is no longer live, its pipes close here. */
  readonly #pipePeers = new Set<string>();
  #self: InstanceInfo;
  #timers: NodeJS.Timeout[] = [];
  /** Since when heartbeats have succeeded without a break: only then may this instance judge others lost. */
  #storeUpSince: number | undefined;
  #stopped = false;

  constructor(private readonly options: ClusterNodeOptions) {
    const { instanceId: id, log } = options;
    this.#self = { id, internalUrl: options.internalUrl ?? '', sessions: 0, draining: false, at: Date.now() };
    this.#redis = createClusterRedis({ url: options.redisUrl, role: 'registry', log });
    this.#instances = new Instances(this.#redis, options.instanceTtlMs);
    this.#directory = new SessionDirectory(this.#redis, options.limits.closedSessionMemoryMs);
    this.#writes = new StoreWrites(log);
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
      findDataProducer: () => undefined,
      log,
    });
    this.local = new SfuService({
      apps: options.apps,
      pool: options.pool,
      log,
      timing: options.timing,
      limits: options.limits,
      events: this.#events,
      remote: new RemotePulls({ self: id, directory: this.#directory, instances: this.#instances, rpc: this.#rpc, pipes: this.#pipes }),
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
    const every = (ms: number, task: () => Promise<void>): void => {
      const timer = setInterval(() => void task().catch(() => {}), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    await this.#heartbeat();
    every(Math.max(250, Math.floor(this.options.instanceTtlMs / 3)), () => this.#heartbeat());
    every(Math.max(250, Math.floor(this.options.instanceTtlMs / 2)), () => this.#reapLost());
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
   * Instances whose heartbeat expired: each instance closes its pipes with them, and one of
   * them (by a lock in Redis) reports their sessions left and closed. Judged only after this
   * instance has itself reached the store for a whole TTL, so an outage of the store is not
   * mistaken for the loss of everyone else.
   */
  async #reapLost(): Promise<void> {
    if (this.#storeUpSince === undefined || Date.now() - this.#storeUpSince < this.options.instanceTtlMs) return;
    const live = new Set((await this.#instances.live()).map((i) => i.id));
    for (const peer of this.#pipePeers) {
      if (live.has(peer)) continue;
      this.#pipePeers.delete(peer);
      this.options.log.warn('cluster instance lost: closing its pipes', { instance: peer });
      this.#pipes.instanceLost(peer);
    }
    for (const lost of await this.#instances.lost()) {
      if (lost === this.#self.id || !(await this.#instances.claimReaping(lost, this.#self.id))) continue;
      const sessions = await this.#directory.ownedBy(lost);
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
      }
      await this.#directory.forgetOwner(lost);
      await this.#instances.forget(lost);
      this.options.log.warn('cluster instance reaped', { instance: lost, sessions: sessions.length });
    }
  }
}
