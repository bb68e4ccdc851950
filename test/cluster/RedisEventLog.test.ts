import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendArgs, appendScript, appKeys, pendingEvent } from '../../src/cluster/eventEntries.js';
import { RedisEventLog, type RedisEventLogOptions } from '../../src/cluster/RedisEventLog.js';
import type { NewSfuEvent, SfuEvent } from '../../src/service/events/SfuEventBus.js';
import type { Logger } from '../../src/service/Logger.js';
import { SfuError } from '../../src/service/errors.js';
import { redisUnavailable, startRedis, type RunningRedis } from '../helpers/redis.js';

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Keeps what the event logs write; prints it too with SFU_TEST_LOG set. */
function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
    if (process.env['SFU_TEST_LOG']) console.log(level, message, fields ?? '');
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What `attempt` resolves to once it stops rejecting (a client reconnecting after an outage). */
async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function joined(appId: string, sessionId: string): NewSfuEvent {
  return { type: 'sessionJoined', appId, sessionId };
}

function newApp(): string {
  return `app-${randomUUID().slice(0, 8)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Every wait in here is bounded; a test that needs more than this is stuck.
if (redisUnavailable) console.warn(`skipping the Redis event log tests: ${redisUnavailable}`);

describe.skipIf(redisUnavailable)('the cluster event log in Redis', { timeout: 10_000 }, () => {
  let redis: RunningRedis;
  const logLines: LogLine[] = [];
  const opened: RedisEventLog[] = [];

  /** An instance of the SFU, as far as its event log goes, with everything it hears. */
  async function instance(appIds: string[], options: Partial<RedisEventLogOptions> = {}) {
    const log = await RedisEventLog.create({ redis: redis.url, appIds, log: recordingLogger(logLines), ...options });
    opened.push(log);
    const heard: SfuEvent[] = [];
    log.on('event', (event) => heard.push(event));
    return { log, heard };
  }

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await Promise.all(opened.map((log) => log.close()));
    const pid = redis.pid;
    await redis.stop();
    expect(pid).toBeDefined();
    expect(() => process.kill(pid!, 0)).toThrow();
  });

  it('gives events published at once on two instances one gap-free order that both hear, once each', async () => {
    const appId = newApp();
    const a = await instance([appId]);
    const b = await instance([appId]);
    const perInstance = 300;
    for (let i = 0; i < perInstance; i++) {
      a.log.publish(joined(appId, `a-${i}`));
      b.log.publish(joined(appId, `b-${i}`));
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor('both instances to hear every event', () => a.heard.length >= 2 * perInstance && b.heard.length >= 2 * perInstance);
    await new Promise((resolve) => setTimeout(resolve, 50)); // nothing more may come

    expect(a.heard.map((e) => e.seq)).toEqual(Array.from({ length: 2 * perInstance }, (_, i) => i + 1));
    expect(b.heard.map((e) => [e.seq, e.sessionId])).toEqual(a.heard.map((e) => [e.seq, e.sessionId]));
    // Each instance's own events keep the order it published them in.
    for (const prefix of ['a-', 'b-']) {
      const own = a.heard.filter((e) => e.sessionId.startsWith(prefix)).map((e) => e.sessionId);
      expect(own).toEqual(Array.from({ length: perInstance }, (_, i) => `${prefix}${i}`));
    }
    expect(a.heard[0]).toMatchObject({ type: 'sessionJoined', appId, at: expect.any(Date) });
    expect(await a.log.lastSeq(appId)).toBe(2 * perInstance);
    expect(await b.log.lastSeq(appId)).toBe(2 * perInstance);
    expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('replays what came after a seq, and says when part of it was trimmed', async () => {
    const appId = newApp();
    const { log, heard } = await instance([appId]);
    for (let i = 1; i <= 50; i++) log.publish(joined(appId, `s-${i}`));
    await waitFor('50 events', () => heard.length === 50);

    const after20 = await log.since(appId, 20);
    expect(after20.complete).toBe(true);
    expect(after20.events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 21));
    expect(after20.events[0]).toMatchObject({ sessionId: 's-21', at: expect.any(Date) });
    expect(after20.events[0]!.at.getTime()).toBe(heard[20]!.at.getTime());
    expect(await log.since(appId, 0)).toMatchObject({ complete: true, events: heard });
    expect(await log.since(appId, 50)).toEqual({ complete: true, events: [] });
    expect(await log.since(newApp(), 0)).toEqual({ complete: true, events: [] });

    // MAXLEN ~ trims whole stream nodes (100 entries each by default): write well past one.
    const smallApp = newApp();
    const small = await instance([smallApp], { historySize: 10 });
    for (let i = 1; i <= 400; i++) small.log.publish(joined(smallApp, `t-${i}`));
    // They go in one append, which trims most of them before any reader sees them: a reader
    // more than the history behind loses events, and says so.
    await waitFor('the 400th event', () => small.heard.at(-1)?.seq === 400);
    expect(small.heard.length).toBeLessThan(400);
    expect(logLines).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining('fell behind the kept history') }));
    const all = await small.log.since(smallApp, 0);
    expect(all.complete).toBe(false);
    expect(all.events.length).toBeGreaterThanOrEqual(10);
    expect(all.events.length).toBeLessThan(400);
    expect(all.events.at(-1)!.seq).toBe(400);
    const recent = await small.log.since(smallApp, 395);
    expect(recent).toMatchObject({ complete: true });
    expect(recent.events.map((e) => e.seq)).toEqual([396, 397, 398, 399, 400]);
  });

  it("carries each kind's own fields to another instance and back from history: the adapter events' too", async () => {
    const appId = newApp();
    const a = await instance([appId]);
    const b = await instance([appId]);
    const adapter = { appId, sessionId: 's-adapter', room: 'studio', identity: 'ann', adapterId: 'f'.repeat(32), trackName: 'ann-audio', location: 'remote', codec: 'pcm' } as const;
    const published: NewSfuEvent[] = [
      { type: 'trackClosed', appId, sessionId: 's-adapter', room: 'studio', trackName: 'ann-video', mid: '1', location: 'local', reason: 'closed' },
      { type: 'adapterOpened', ...adapter },
      { type: 'adapterClosed', ...adapter, reason: 'source_closed', bytesProcessed: 2 ** 40 + 3 },
    ];
    for (const event of published) a.log.publish(event);
    await waitFor('the three events on the other instance', () => b.heard.length === 3);
    expect(b.heard).toEqual(published.map((event, i) => ({ ...event, seq: i + 1, at: expect.any(Date) })));
    expect(await b.log.since(appId, 0)).toEqual({ complete: true, events: b.heard });
  });

  it('appends a batch retried after its reply was lost only once', async () => {
    const appId = newApp();
    const { log, heard } = await instance([appId]);
    const client = new Redis(redis.url, { lazyConnect: true });
    try {
      const keys = appKeys('sfu', appId, 'instance-x');
      const append = (batch: ReturnType<typeof pendingEvent>[]) =>
        client.eval(appendScript, 3, keys.stream, keys.seq, keys.appended, ...appendArgs(batch, 100, 0));
      const first = [pendingEvent(1, joined(appId, 'x-1')), pendingEvent(2, joined(appId, 'x-2'))];
      expect(await append(first)).toBe(2);
      expect(await append(first)).toBe(2); // the same batch again: nothing new
      expect(await append([...first, pendingEvent(3, joined(appId, 'x-3'))])).toBe(3); // grown while it waited
      await waitFor('3 events', () => heard.length === 3);
      expect(heard.map((e) => [e.seq, e.sessionId])).toEqual([[1, 'x-1'], [2, 'x-2'], [3, 'x-3']]);
      expect(await log.lastSeq(appId)).toBe(3);
    } finally {
      client.disconnect();
    }
  });

  it('keeps apps apart: each has its own seq from 1', async () => {
    const one = newApp();
    const two = newApp();
    const { log, heard } = await instance([one, two]);
    for (let i = 0; i < 5; i++) log.publish(joined(one, `one-${i}`));
    for (let i = 0; i < 3; i++) log.publish(joined(two, `two-${i}`));
    await waitFor('8 events', () => heard.length === 8);
    expect(heard.filter((e) => e.appId === one).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(heard.filter((e) => e.appId === two).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await log.lastSeq(one)).toBe(5);
    expect(await log.lastSeq(two)).toBe(3);
    // An instance that does not serve an app hears none of its events.
    const other = await instance([newApp()]);
    log.publish(joined(one, 'one-5'));
    await waitFor('the 9th event', () => heard.length === 9);
    expect(other.heard).toEqual([]);
  });

  it('measures how soon another instance hears an event (loopback)', async () => {
    const appId = newApp();
    const a = await instance([appId]);
    const b = await instance([appId]);
    let arrived: (() => void) | undefined;
    b.log.on('event', () => arrived?.());
    const paced: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const heard = new Promise<void>((resolve) => (arrived = resolve));
      const sent = performance.now();
      a.log.publish(joined(appId, `p-${i}`));
      await heard;
      paced.push(performance.now() - sent);
    }
    expect(b.heard.map((e) => e.sessionId)).toEqual(Array.from({ length: 1_000 }, (_, i) => `p-${i}`));
    const burstStart = performance.now();
    const arrivals: number[] = [];
    b.log.on('event', () => arrivals.push(performance.now() - burstStart));
    for (let i = 0; i < 1_000; i++) a.log.publish(joined(appId, `q-${i}`));
    await waitFor('the burst', () => arrivals.length === 1_000);
    paced.sort((x, y) => x - y);
    const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
    console.log(
      `publish -> other instance's listener, 1000 events one at a time: p50 ${fmt(percentile(paced, 50))}, p99 ${fmt(percentile(paced, 99))}; ` +
        `1000 published at once: all heard after ${fmt(arrivals.at(-1)!)} (p50 ${fmt(percentile(arrivals, 50))})`,
    );
    expect(percentile(paced, 99)).toBeLessThan(250);
  });

  it('writes what was published during an outage once the store is back, and readers resume without loss or duplicates', async () => {
    const appId = newApp();
    const a = await instance([appId]);
    const b = await instance([appId]);
    for (let i = 0; i < 5; i++) a.log.publish(joined(appId, `before-${i}`));
    await waitFor('5 events on both', () => a.heard.length === 5 && b.heard.length === 5);

    await redis.stop({ keepData: true });
    for (let i = 0; i < 5; i++) {
      a.log.publish(joined(appId, `a-during-${i}`));
      b.log.publish(joined(appId, `b-during-${i}`));
    }
    const unavailable = { name: 'SfuError', code: 'temporarily_unavailable_error' };
    await expect(a.log.lastSeq(appId)).rejects.toMatchObject(unavailable);
    await expect(b.log.since(appId, 0)).rejects.toMatchObject(unavailable);
    await expect(a.log.since(appId, 3)).rejects.toBeInstanceOf(SfuError);
    expect(a.heard.length).toBe(5);

    await redis.start();
    for (let i = 0; i < 5; i++) a.log.publish(joined(appId, `a-after-${i}`));
    await waitFor('20 events on both', () => a.heard.length >= 20 && b.heard.length >= 20, 8_000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // nothing more may come

    const seqs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(a.heard.map((e) => e.seq)).toEqual(seqs);
    expect(b.heard.map((e) => [e.seq, e.sessionId])).toEqual(a.heard.map((e) => [e.seq, e.sessionId]));
    const of = (prefix: string) => a.heard.map((e) => e.sessionId).filter((s) => s.startsWith(prefix));
    expect(of('a-')).toEqual([...[0, 1, 2, 3, 4].map((i) => `a-during-${i}`), ...[0, 1, 2, 3, 4].map((i) => `a-after-${i}`)]);
    expect(of('b-')).toEqual([0, 1, 2, 3, 4].map((i) => `b-during-${i}`));
    expect(await b.log.lastSeq(appId)).toBe(20);
    expect((await a.log.since(appId, 0)).events.map((e) => e.sessionId)).toEqual(a.heard.map((e) => e.sessionId));
  });

  it('loses nothing and repeats nothing when the store restarts in the middle of a stream of events', async () => {
    const appId = newApp();
    const a = await instance([appId]);
    const b = await instance([appId]);
    let published = 0;
    const publishing = setInterval(() => {
      for (let i = 0; i < 20; i++) a.log.publish(joined(appId, `a-${published++}`));
    }, 2);
    await waitFor('some events', () => b.heard.length > 200);
    await redis.restart();
    const atRestart = published;
    await waitFor('more events after the restart', () => b.heard.length > atRestart + 200, 8_000).finally(() => clearInterval(publishing));
    await waitFor('every event on both', () => a.heard.length === published && b.heard.length === published, 8_000);

    const inOrder = Array.from({ length: published }, (_, i) => i + 1);
    expect(b.heard.map((e) => e.seq)).toEqual(inOrder);
    expect(b.heard.map((e) => e.sessionId)).toEqual(Array.from({ length: published }, (_, i) => `a-${i}`));
    expect(a.heard.map((e) => e.seq)).toEqual(inOrder);
  });

  it('drops the oldest waiting events, and says so, when an outage outlasts the buffer', async () => {
    const appId = newApp();
    const lines: LogLine[] = [];
    const log = await RedisEventLog.create({ redis: redis.url, appIds: [appId], log: recordingLogger(lines), maxBuffered: 10 });
    opened.push(log);
    const heard: SfuEvent[] = [];
    log.on('event', (event) => heard.push(event));

    await redis.stop({ keepData: true });
    for (let i = 0; i < 15; i++) log.publish(joined(appId, `e-${i}`));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining('events dropped'), fields: { dropped: 1, buffered: 10 } }));
    await redis.start();
    await waitFor('the 10 kept events', () => heard.length === 10);
    expect(heard.map((e) => e.sessionId)).toEqual(Array.from({ length: 10 }, (_, i) => `e-${i + 5}`));
    expect(heard.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('refuses to start without a store, and closes within its bound with events it could not write', async () => {
    const lines: LogLine[] = [];
    const nowhere = 'redis://127.0.0.1:1';
    const started = Date.now();
    await expect(RedisEventLog.create({ redis: nowhere, appIds: ['x'], log: recordingLogger(lines), timeoutMs: 300 })).rejects.toMatchObject({
      code: 'temporarily_unavailable_error',
    });
    expect(Date.now() - started).toBeLessThan(2_000);

    const log = new RedisEventLog({ redis: nowhere, appIds: ['x'], log: recordingLogger(lines), closeTimeoutMs: 300 });
    log.publish(joined('x', 'never-written'));
    const closing = Date.now();
    await log.close();
    await log.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', fields: { unwritten: 1 } }));
  });

  it('never reuses a seq when the store comes back without its data', async () => {
    const appId = newApp();
    const a = await instance([appId]);
    for (let i = 0; i < 7; i++) a.log.publish(joined(appId, `old-${i}`));
    await waitFor('7 events', () => a.heard.length === 7);

    await redis.restart({ keepData: false });
    expect(await eventually('the store to answer again', () => a.log.lastSeq(appId))).toBe(7);
    a.log.publish(joined(appId, 'new-0'));
    await waitFor('the 8th event', () => a.heard.length === 8);
    expect(a.heard.at(-1)).toMatchObject({ seq: 8, sessionId: 'new-0' });
    // The history is gone: a replay from before it says so.
    expect(await a.log.since(appId, 3)).toMatchObject({ complete: false });
    expect(await a.log.since(appId, 7)).toMatchObject({ complete: true, events: [{ seq: 8 }] });
  });
});
