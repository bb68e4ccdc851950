import { describe, expect, it } from 'vitest';
import { SfuEventBus } from '../../../src/service/events/SfuEventBus.js';

describe('the event bus', () => {
  it('numbers each app’s events on their own, so no app sees another’s volume', () => {
    const bus = new SfuEventBus();
    const a1 = bus.publish({ type: 'sessionCreated', appId: 'a', sessionId: 's1' });
    bus.publish({ type: 'sessionCreated', appId: 'b', sessionId: 's2' });
    bus.publish({ type: 'sessionCreated', appId: 'b', sessionId: 's3' });
    const a2 = bus.publish({ type: 'sessionJoined', appId: 'a', sessionId: 's1' });
    expect([a1.seq, a2.seq]).toEqual([1, 2]);
    expect(bus.currentSeq('a')).toBe(2);
    expect(bus.currentSeq('b')).toBe(2);
    expect(bus.currentSeq('never')).toBe(0);
  });

  it('replays an app’s events after a seq, and says when some were dropped from its history', () => {
    const bus = new SfuEventBus(3);
    for (let i = 0; i < 5; i++) bus.publish({ type: 'sessionCreated', appId: 'a', sessionId: `s${i}` });
    bus.publish({ type: 'sessionCreated', appId: 'b', sessionId: 'other' });
    expect(bus.history('a', 3)).toEqual({ events: [expect.objectContaining({ seq: 4 }), expect.objectContaining({ seq: 5 })], complete: true });
    expect(bus.history('a', 2).complete).toBe(true);
    expect(bus.history('a', 1).complete).toBe(false);
    expect(bus.history('a', 5)).toEqual({ events: [], complete: true });
    expect(bus.history('b', 0).events.map((e) => e.sessionId)).toEqual(['other']);
    expect(bus.history('none', 0)).toEqual({ events: [], complete: true });
  });
});
