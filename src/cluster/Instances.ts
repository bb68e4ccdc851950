import type { Redis } from 'ioredis';

/** One instance as the others see it in Redis. */
export interface InstanceInfo {
  id: string;
  /** Where the others reach it (its internal RPC and pipe handshakes). */
  internalUrl: string;
  /** Live sessions at its last heartbeat (for operators; placement reads the load counters). */
  sessions: number;
  /** Shutting down: placement skips it. */
  draining: boolean;
  /** When it last wrote its heartbeat (ms since the epoch). */
  at: number;
}

const membersKey = 'sfu:instances';
const instanceKey = (id: string): string => `sfu:instance:${id}`;
const loadKey = (id: string): string => `sfu:load:${id}`;

/**
 * The cluster's instances: each writes its heartbeat (a key that expires after `ttlMs`) and
 * its load; an id still in the member set whose heartbeat has expired is a lost instance.
 * No discovery of its own: Redis is the registry.
 */
export class Instances {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  /** Writes this instance's heartbeat; it lives `ttlMs` unless written again. */
  async heartbeat(info: Omit<InstanceInfo, 'at'>): Promise<void> {
    const value = JSON.stringify({ ...info, at: Date.now() });
    // The load counter is set to the owner's own count: placements between heartbeats add to it.
    await this.redis.multi().sadd(membersKey, info.id).set(instanceKey(info.id), value, 'PX', this.ttlMs).set(loadKey(info.id), info.sessions).exec();
  }

  /** Every instance with a live heartbeat. */
  async live(): Promise<InstanceInfo[]> {
    const ids = await this.redis.smembers(membersKey);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map(instanceKey));
    return values.flatMap((value) => (value ? [JSON.parse(value) as InstanceInfo] : []));
  }

  /** Every instance that joined and has not left or been reaped, live or not. */
  async members(): Promise<string[]> {
    return this.redis.smembers(membersKey);
  }

  async get(id: string): Promise<InstanceInfo | undefined> {
    const value = await this.redis.get(instanceKey(id));
    return value ? (JSON.parse(value) as InstanceInfo) : undefined;
  }

  /**
   * Picks the live instance, not draining, with the fewest sessions, and counts the new session
   * on it at once, so concurrent placements see each other; the owner's next heartbeat sets the
   * count to what it really has.
   */
  async place(): Promise<InstanceInfo | undefined> {
    const candidates = (await this.live()).filter((i) => !i.draining);
    if (candidates.length === 0) return undefined;
    const loads = await this.redis.mget(...candidates.map((i) => loadKey(i.id)));
    const ranked = candidates.map((instance, i) => ({ instance, load: Number(loads[i] ?? 0) }));
    ranked.sort((a, b) => a.load - b.load || a.instance.id.localeCompare(b.instance.id));
    const chosen = ranked[0]!.instance;
    await this.redis.incr(loadKey(chosen.id));
    return chosen;
  }


  /**
   * Takes the job of reaping a lost instance: true for exactly one instance of the cluster
   * (the lock outlives the reaping), which then removes it from the members.
   */
  async claimReaping(lostId: string, by: string): Promise<boolean> {
    return (await this.redis.set(`sfu:reaping:${lostId}`, by, 'PX', Math.max(60_000, this.ttlMs * 10), 'NX')) === 'OK';
  }

  async forget(id: string): Promise<void> {
    await this.redis.multi().srem(membersKey, id).del(instanceKey(id)).del(loadKey(id)).exec();
  }
}
