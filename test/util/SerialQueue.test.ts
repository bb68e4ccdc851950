import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src/util/SerialQueue.js';

describe('the per-session serial queue', () => {
  it('runs tasks one after another in order, and a failed task does not stop the next', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const a = queue.push(task('a', 20));
    const b = queue.push(task('b', 1, true));
    const c = queue.push(task('c', 1));
    expect(queue.pending).toBe(3);
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.pending).toBe(0);
  });
});
