import { afterAll, describe, expect, it } from 'vitest';
import { redisUnavailable, startRedis, type RunningRedis } from '../helpers/redis.js';
import { Redis } from 'ioredis';

if (redisUnavailable) console.warn(`skipping the redis harness tests: ${redisUnavailable}`);

describe.skipIf(redisUnavailable)('the redis test harness', () => {
  const started: RunningRedis[] = [];
  afterAll(async () => {
    await Promise.all(started.map((r) => r.stop()));
  });

  it('keeps the data across a restart and loses it on a plain stop', async () => {
    const redis = await startRedis();
    started.push(redis);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    await client.set('k', 'v');
    const firstPid = redis.pid;
    await redis.restart();
    expect(redis.pid).not.toBe(firstPid);
    expect(await client.get('k')).toBe('v');
    await redis.stop();
    expect(redis.pid).toBeUndefined();
    await redis.start();
    expect(await client.get('k')).toBeNull();
    client.disconnect();
  });

  it('leaves no redis-server behind once stopped', async () => {
    const redis = await startRedis();
    const pid = redis.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await redis.kill();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
