import { describe, expect, it } from 'vitest';
import { SfuEventBus } from '../../src/service/events/SfuEventBus.js';
import { eventStream, StreamCutOff, type EventStreamItem } from '../../schema/eventStream.js';
import { bridgeEvents } from '../../schema/pubsub.js';
import { SubscriptionQuota } from '../../schema/subscriptionQuota.js';

const app = { id: 'a', name: 'a' };

function setup(maxSubscriptionsPerApp = 10) {
  const bus = new SfuEventBus();
  const { pubsub } = bridgeEvents(bus);
  const quota = new SubscriptionQuota({ maxSubscriptionsPerApp, maxSubscriptionsPerConnection: 10, maxSubscriptionsPerParticipant: 20 });
  let slots = 0;
  const admit = () => {
    const release = quota.acquire(app.id);
    slots++;
    return () => {
      slots--;
      release();
    };
  };
  const publish = (appId = 'a', room?: string) => bus.publish({ type: 'sessionCreated', appId, sessionId: 's', ...(room ? { room } : {}) });
  return { bus, pubsub, publish, admit, slots: () => slots };
}

const seqOf = (item: EventStreamItem | undefined) => (item instanceof StreamCutOff ? 'cut' : item?.seq);

describe('one subscriber’s event stream', () => {
  it('holds no listener and no slot until it is first read', async () => {
    const { bus, pubsub, publish, admit, slots } = setup();
    const stream = eventStream(app, {}, { bus, pubsub, bufferSize: 3, admit });
    publish();
    expect(slots()).toBe(0);
    const next = stream.next();
    expect(slots()).toBe(1);
    publish();
    expect(seqOf((await next).value)).toBe(2);
    await stream.return!();
    expect(slots()).toBe(0);
  });

  it('replays after since, then follows live events, with no gap and no duplicate', async () => {
    const { bus, pubsub, publish, admit } = setup();
    publish();
    publish();
    publish('b');
    const stream = eventStream(app, { since: 1 }, { bus, pubsub, bufferSize: 3, admit });
    const first = stream.next();
    publish();
    expect([seqOf((await first).value), seqOf((await stream.next()).value)]).toEqual([2, 3]);
    await stream.return!();
  });

  it('cuts a subscriber off when its buffer is full: freed at once, and its last item names the since to resume from', async () => {
    const { bus, pubsub, publish, admit, slots } = setup();
    const stream = eventStream(app, {}, { bus, pubsub, bufferSize: 3, admit });
    const first = stream.next();
    publish();
    expect(seqOf((await first).value)).toBe(1);
    for (let i = 0; i < 10; i++) publish();
    expect(slots()).toBe(0);
    const last = (await stream.next()).value;
    expect(last).toBeInstanceOf(StreamCutOff);
    expect((last as StreamCutOff).error.message).toMatch(/resubscribe with since: 1$/);
    expect((await stream.next()).done).toBe(true);
  });

  it('over its quota, a subscription’s only item is the quota error', async () => {
    const { bus, pubsub, admit } = setup(1);
    const held = eventStream(app, {}, { bus, pubsub, bufferSize: 3, admit });
    void held.next();
    const refused = eventStream(app, {}, { bus, pubsub, bufferSize: 3, admit });
    const item = (await refused.next()).value;
    expect(item).toBeInstanceOf(StreamCutOff);
    expect((item as StreamCutOff).error.code).toBe('invalid_params');
    expect((await refused.next()).done).toBe(true);
    await held.return!();
  });

  it('ends a since ahead of the app’s last event on an error, its first item', async () => {
    const { bus, pubsub, publish, admit } = setup();
    publish('b');
    const stream = eventStream(app, { since: 1 }, { bus, pubsub, bufferSize: 3, admit });
    const item = (await stream.next()).value;
    expect(item).toBeInstanceOf(StreamCutOff);
    expect((item as StreamCutOff).error.message).toMatch(/ahead of the last event \(0\)/);
    expect((await stream.next()).done).toBe(true);
  });
});
