import type { Redis } from 'ioredis';

/** Where a session lives, as every instance can look it up. */
export interface SessionRecord {
  id: string;
  owner: string;
  appId: string;
  room?: string;
  identity?: string;
}

/** A session that ended, remembered so it answers 410 through any instance. */
export interface ClosedRecord {
  appId: string;
  room?: string;
  reason: string;
}

const liveKey = (id: string): string => `sfu:session:${id}`;
const closedKey = (id: string): string => `sfu:closed:${id}`;
const ownedKey = (instance: string): string => `sfu:owned:${instance}`;

/**
 * Every live session of the cluster and its owner instance, and the recently closed ones. The
 * owner writes both; a lost instance's sessions are closed here by whoever reaps it.
 */
export class SessionDirectory {
  constructor(
    private readonly redis: Redis,
    /** How long a closed session answers 410 (SFU_CLOSED_SESSION_MEMORY_MS). */
    private readonly closedMemoryMs: number,
  ) {}

  async opened(record: SessionRecord): Promise<void> {
    await this.redis.multi().set(liveKey(record.id), JSON.stringify(record)).sadd(ownedKey(record.owner), record.id).exec();
  }

  async closed(record: SessionRecord, reason: string): Promise<void> {
    const closed: ClosedRecord = { appId: record.appId, reason, ...(record.room !== undefined ? { room: record.room } : {}) };
    await this.redis
      .multi()
      .del(liveKey(record.id))
      .srem(ownedKey(record.owner), record.id)
      .set(closedKey(record.id), JSON.stringify(closed), 'PX', this.closedMemoryMs)
      .exec();
  }

  async find(id: string): Promise<SessionRecord | undefined> {
    const value = await this.redis.get(liveKey(id));
    return value ? (JSON.parse(value) as SessionRecord) : undefined;
  }

  async findClosed(id: string): Promise<ClosedRecord | undefined> {
    const value = await this.redis.get(closedKey(id));
    return value ? (JSON.parse(value) as ClosedRecord) : undefined;
  }

  /** The sessions an instance owns (to reap them when it is lost). */
  async ownedBy(instance: string): Promise<SessionRecord[]> {
    const ids = await this.redis.smembers(ownedKey(instance));
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map(liveKey));
    return values.flatMap((value) => (value ? [JSON.parse(value) as SessionRecord] : []));
  }

  async forgetOwner(instance: string): Promise<void> {
    await this.redis.del(ownedKey(instance));
  }
}
