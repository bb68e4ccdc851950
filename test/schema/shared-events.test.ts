import type { DocumentNode, ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsDocument, EventsWithSessionDocument } from '../../schema/generated/operations.js';
import { schema } from '../../schema/index.js';
import { bridgeEvents, type SfuPubSubBridge } from '../../schema/pubsub.js';
import { authenticateCaller } from '../../schema/server/auth.js';
import { defaultGraphQLLimits } from '../../schema/server/limits.js';
import { quietObserver } from '../../schema/server/observer.js';
import { sharedSubscribe } from '../../schema/sharedEventResults.js';
import { SubscriptionQuota } from '../../schema/subscriptionQuota.js';
import { viewOf, type Caller } from '../../src/service/index.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { accessToken } from '../helpers/tokens.js';

const [one] = testApps;
type Stream = AsyncIterableIterator<ExecutionResult>;

/**
 * The shared execution of subscription events, driven in-process over the real schema and a real
 * service: what two subscribers are handed is compared by identity (one execution) and by content.
 */
describe('subscription events resolved once per view, document and variables', () => {
  let sfu: RunningSfu;
  let bridge: SfuPubSubBridge;
  let secretCaller: Caller;
  let open = 0;
  const streams: Stream[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    bridge = bridgeEvents(sfu.service.events);
    secretCaller = await authenticateCaller(sfu.service, { authorization: `Bearer ${one.secret}` });
  });

  afterAll(async () => {
    for (const stream of streams) await stream.return?.();
    bridge?.close();
    await sfu?.stop();
  });

  const observer = { ...quietObserver, subscriptionOpened: () => open++, subscriptionClosed: () => open-- };
  const subscriptions = { quota: new SubscriptionQuota(defaultGraphQLLimits), bufferSize: 16, observer };

  async function subscribe(
    subscribeFn: ReturnType<typeof sharedSubscribe>,
    caller: Caller,
    document: DocumentNode,
    variableValues: Record<string, unknown>,
  ): Promise<Stream> {
    const contextValue = { caller, app: caller.app, service: sfu.service, pubsub: bridge.pubsub, subscriptions };
    const stream = await subscribeFn({ schema, document, variableValues, contextValue });
    if (!(Symbol.asyncIterator in stream)) throw new Error(`the subscription failed: ${JSON.stringify(stream.errors)}`);
    streams.push(stream);
    return stream;
  }
  const viewOfContext = (context: unknown) => viewOf((context as { caller: Caller }).caller);
  const first = async (stream: Stream): Promise<ExecutionResult> => (await stream.next()).value as ExecutionResult;
  const createSession = (room: string) => sfu.service.createSession(secretCaller, { room });

  it('subscribers of one view, document and variables are handed the one answer; other variables or documents get their own', async () => {
    const subscribeFn = sharedSubscribe({ viewOf: viewOfContext });
    const room = 'shared-1';
    const a = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room });
    const b = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room });
    const otherVariables = await subscribe(subscribeFn, secretCaller, EventsDocument, { room, since: 0 });
    const otherDocument = await subscribe(subscribeFn, secretCaller, EventsDocument, { room });
    const next = [a, b, otherVariables, otherDocument].map(first);
    const { sessionId } = await createSession(room);
    const [ofA, ofB, ofOtherVariables, ofOtherDocument] = await Promise.all(next);

    expect(ofA).toBe(ofB);
    expect(ofA?.errors).toBeUndefined();
    expect(ofA?.data).toMatchObject({ events: { __typename: 'SessionCreated', sessionId, room, session: { sessionId } } });
    expect(ofOtherVariables).not.toBe(ofOtherDocument);
    expect(ofOtherVariables).toEqual(ofOtherDocument);
    expect(ofOtherDocument).not.toBe(ofA);
  });

  it("a room's token holders share one answer, apart from the app's own subscriber", async () => {
    const subscribeFn = sharedSubscribe({ viewOf: viewOfContext });
    const room = 'shared-2';
    const holder = (identity: string) => accessToken({ room, identity }).then((token) => authenticateCaller(sfu.service, { authorization: `Bearer ${token}` }));
    const [ann, bob] = await Promise.all([holder('ann'), holder('bob')]);
    const streamsOf = await Promise.all([ann, bob, secretCaller].map((caller) => subscribe(subscribeFn, caller, EventsWithSessionDocument, { room })));
    const next = streamsOf.map(first);
    const { sessionId } = await createSession(room);
    const [ofAnn, ofBob, ofApp] = await Promise.all(next);

    expect(ofAnn).toBe(ofBob);
    expect(ofApp).not.toBe(ofAnn);
    expect(ofAnn).toEqual(ofApp);
    expect(ofAnn?.data).toMatchObject({ events: { sessionId, session: { sessionId } } });
  });

  it('one subscriber leaving frees its stream and cuts nothing short for the others', async () => {
    const subscribeFn = sharedSubscribe({ viewOf: viewOfContext });
    const room = 'shared-3';
    const before = open;
    const leaving = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room });
    const staying = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room });
    const leavingNext = leaving.next();
    const stayingNext = first(staying);
    expect(open).toBe(before + 2);

    await leaving.return?.();
    expect(await leavingNext).toEqual({ value: undefined, done: true });
    expect(open).toBe(before + 1);
    const { sessionId } = await createSession(room);
    expect((await stayingNext)?.data).toMatchObject({ events: { sessionId, session: { sessionId } } });
  });

  it('a subscriber that comes to an event after the sharing window gets it resolved anew: its "now" fields are current', async () => {
    const shareForMs = 50;
    const subscribeFn = sharedSubscribe({ viewOf: viewOfContext, shareForMs });
    const room = 'shared-4';
    const { seq } = await sfu.service.liveSessions(secretCaller, { room });
    const early = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room, since: seq });
    const earlyNext = first(early);
    const { sessionId } = await createSession(room);
    expect((await earlyNext)?.data).toMatchObject({ events: { __typename: 'SessionCreated', sessionId, session: { sessionId } } });

    await sfu.service.closeSession(secretCaller, sessionId);
    await new Promise((resolve) => setTimeout(resolve, 2 * shareForMs));
    const late = await subscribe(subscribeFn, secretCaller, EventsWithSessionDocument, { room, since: seq });
    expect((await first(late))?.data).toMatchObject({ events: { __typename: 'SessionCreated', sessionId, session: null } });
  });
});
