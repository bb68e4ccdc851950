import type { Redis } from 'ioredis';
import type { ParticipantPresence } from '../service/index.js';
import type { StoreWrites } from './StoreWrites.js';

type Member = Parameters<ParticipantPresence['connected']>[0];

/** One participant's keys: its live sessions and whether it has joined. NUL cannot be in an app id. */
const keyOf = ({ appId, room, identity }: Member): string => `sfu:participant:${appId}\u0000${room}\u0000${identity}`;

/** A session connected: counts it, and answers 1 when it is its participant's first join. */
const connectScript = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('HSETNX', KEYS[2], 'joined', ARGV[2]) == 1 then return 1 end
return 0`;

/** A session ended: answers 1 when it was its participant's last and the participant had joined. */
const endScript = `
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) > 0 then return 0 end
local joined = redis.call('HGET', KEYS[2], 'joined')
redis.call('DEL', KEYS[1], KEYS[2])
if joined then return 1 end
return 0`;

/**
 * When a participant joins and leaves across the whole cluster: its sessions, on whichever
 * instances, are one set in Redis, changed atomically by a script, so exactly one instance
 * announces the join (its first connected session) and one the leave (its last session). The
 * scripts run in the instance's ordered store writes, so they wait out an outage in order.
 */
export class RedisPresence implements ParticipantPresence {
  constructor(
    private readonly redis: Redis,
    private readonly writes: StoreWrites,
  ) {}

  connected(member: Member, announce: () => void): void {
    const key = keyOf(member);
    this.writes.push(`participant ${member.identity} joins`, async () => {
      if ((await this.redis.eval(connectScript, 2, `${key}:sessions`, `${key}:state`, member.id, String(Date.now()))) === 1) announce();
    });
  }

  ended(member: Member, announce: () => void): void {
    this.writes.push(`participant ${member.identity} leaves`, async () => {
      if (await this.end(member)) announce();
    });
  }

  /** Ends one session now (the reaper of a lost instance): true when that made its participant leave. */
  async end(member: Member): Promise<boolean> {
    const key = keyOf(member);
    return (await this.redis.eval(endScript, 2, `${key}:sessions`, `${key}:state`, member.id)) === 1;
  }
}
