import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseTracksDocument, EventsDocument, SessionsDocument, type EventsSubscription, type EventsSubscriptionVariables } from '../../schema/generated/operations.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { publish } from './support/flows.js';
import { expectTypename, GraphQLClient } from './support/graphqlClient.js';
import { subscribeOverSse, subscribeOverWebSocket, type Subscription } from './support/subscriptions.js';

/** Small, so a dropped peer leaves quickly; the docs state the default (15 s). */
const livenessTimeoutMs = 3000;
/**
 * A dropped peer's `left` must come within the liveness timeout plus two check intervals (the
 * service polls every min(2 s, timeout / 2) and dates the last activity by the poll that saw it),
 * plus 2 s of slack: 8 s here. Measured: about 5.9 s.
 */
const leaveDeadlineMs = livenessTimeoutMs + 2 * Math.min(2000, livenessTimeoutMs / 2) + 2000;
/** Small, so a track whose media stops is reported quickly (default 30 s); polled like liveness. */
const trackInactiveMs = 2000;

const [one] = testApps;
type Event = EventsSubscription['events'];
type Open = (variables: EventsSubscriptionVariables) => Subscription<EventsSubscription>;

const transports: [string, (sfu: RunningSfu) => Open][] = [
  ['graphql-ws', (sfu) => (variables) => subscribeOverWebSocket(sfu.url, { authorization: `Bearer ${one.secret}` }, EventsDocument, variables)],
  ['SSE', (sfu) => (variables) => subscribeOverSse(sfu.url, one.secret, EventsDocument, variables)],
];

describe.each(transports)('presence events over %s', (transport, opener) => {
  let sfu: RunningSfu;
  let gql: GraphQLClient;
  let open: Open;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ timing: { livenessTimeoutMs, trackInactiveMs } });
    gql = new GraphQLClient(sfu.fetch, one.secret);
    open = opener(sfu);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await sfu?.stop();
  });

  const subscribe = (variables: EventsSubscriptionVariables): Subscription<EventsSubscription> => {
    const sub = open(variables);
    cleanups.push(() => sub.close());
    return sub;
  };
  const of = (sub: Subscription<EventsSubscription>, sessionId: string): Event[] =>
    sub.log.items.map((d) => d.events).filter((e) => e.sessionId === sessionId);

  it('a room subscriber sees joined, trackPublished, trackClosed and left, in order, when the peer closes', async () => {
    const room = `stage-${transport}`;
    const { seq } = (await gql.request(SessionsDocument, { room })).sessions;
    const roomSub = subscribe({ room, since: seq });
    const bystander = await publish(gql, { room: 'elsewhere', prefix: 'bystander' });
    cleanups.push(() => (bystander.peer.close(), bystander.media.stop()));

    const publisher = await publish(gql, { room, metadata: { name: 'ann' } });
    cleanups.push(() => (publisher.peer.close(), publisher.media.stop()));
    const { sessionId } = publisher;
    const is = (typename: Event['__typename'], extra: (e: Event) => boolean = () => true) => (d: EventsSubscription) =>
      d.events.sessionId === sessionId && d.events.__typename === typename && extra(d.events);

    await roomSub.log.waitFor('SessionJoined', is('SessionJoined'));
    await roomSub.log.waitFor('TrackPublished (video)', is('TrackPublished', (e) => 'mid' in e && e.mid === publisher.mids.video));

    const { closeTracks } = await gql.request(CloseTracksDocument, { sessionId, input: { mids: [publisher.mids.video], force: true } });
    expectTypename(closeTracks, 'CloseTracksPayload');
    await roomSub.log.waitFor('TrackClosed (video)', is('TrackClosed', (e) => 'mid' in e && e.mid === publisher.mids.video));

    // A subscriber of this one session, joining late, replays from the same seq and goes on live.
    const sessionSub = subscribe({ sessionId, since: seq });
    await sessionSub.log.waitFor('the replayed TrackClosed', is('TrackClosed'));

    publisher.peer.close();
    const left = await roomSub.log.waitFor('SessionLeft', is('SessionLeft'));
    expect(left.events).toMatchObject({ __typename: 'SessionLeft', reason: 'closed', room });
    await sessionSub.log.waitFor('SessionLeft on the session subscription', is('SessionLeft'));

    const events = of(roomSub, sessionId);
    expect(events.map((e) => describeEvent(e))).toEqual([
      'SessionCreated',
      `TrackPublished ${publisher.tracks.audio} audio`,
      `TrackPublished ${publisher.tracks.video} video`,
      'SessionJoined',
      `TrackClosed ${publisher.tracks.video} local closed`,
      `TrackClosed ${publisher.tracks.audio} local session_closed`,
      'SessionLeft closed',
    ]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(of(sessionSub, sessionId)).toEqual(events);
    expect(sessionSub.log.items.every((d) => d.events.sessionId === sessionId)).toBe(true);
    expect(roomSub.log.items.every((d) => d.events.room === room)).toBe(true);
    expect(of(roomSub, bystander.sessionId)).toEqual([]);
  });

  it('a room subscriber sees trackInactive for each track when the publisher stops sending media', async () => {
    const room = `muted-${transport}`;
    const { seq } = (await gql.request(SessionsDocument, { room })).sessions;
    const sub = subscribe({ room, since: seq });
    const publisher = await publish(gql, { room, prefix: 'muted' });
    cleanups.push(() => publisher.peer.close());
    const { sessionId } = publisher;
    await sub.log.waitFor('SessionJoined', (d) => d.events.sessionId === sessionId && d.events.__typename === 'SessionJoined');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // media flows for a while

    publisher.media.stop();
    const deadline = trackInactiveMs + 2 * Math.min(2000, livenessTimeoutMs / 2) + 2000;
    for (const mid of [publisher.mids.audio, publisher.mids.video]) {
      const inactive = await sub.log.waitFor(
        `TrackInactive for mid ${mid}`,
        (d) => d.events.sessionId === sessionId && d.events.__typename === 'TrackInactive' && d.events.mid === mid,
        deadline,
      );
      expect(inactive.events).toMatchObject({ room });
    }
    expect(of(sub, sessionId).filter((e) => e.__typename === 'SessionLeft')).toEqual([]);
  });

  it(`a room subscriber sees left (timeout) within ${leaveDeadlineMs} ms when the peer drops without closing`, async () => {
    const room = `drop-${transport}`;
    const { seq } = (await gql.request(SessionsDocument, { room })).sessions;
    const sub = subscribe({ room, since: seq });
    const child = startDroppingPeer(sfu.url, one.secret, room);
    cleanups.push(() => child.kill('SIGKILL'));
    const sessionId = await sessionOf(child);
    await sub.log.waitFor('SessionJoined', (d) => d.events.sessionId === sessionId && d.events.__typename === 'SessionJoined');

    child.kill('SIGKILL');
    const killedAt = Date.now();
    const left = await sub.log.waitFor('SessionLeft', (d) => d.events.sessionId === sessionId && d.events.__typename === 'SessionLeft', leaveDeadlineMs);
    const elapsed = Date.now() - killedAt;
    expect(left.events).toMatchObject({ reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(livenessTimeoutMs - 1000);
    expect(elapsed).toBeLessThan(leaveDeadlineMs);
    expect((await gql.request(SessionsDocument, { room })).sessions.sessions).toEqual([]);
  });
});

function describeEvent(e: Event): string {
  switch (e.__typename) {
    case 'SessionLeft':
      return `SessionLeft ${e.reason}`;
    case 'TrackPublished':
      return `TrackPublished ${e.trackName} ${e.kind}`;
    case 'TrackClosed':
      return `TrackClosed ${e.trackName} ${e.location} ${e.closeReason}`;
    default:
      return e.__typename;
  }
}

function startDroppingPeer(url: string, secret: string, room: string): ChildProcess {
  const script = fileURLToPath(new URL('./support/droppingPeer.ts', import.meta.url));
  return fork(script, [url, secret, room], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function sessionOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve((message as { sessionId: string }).sessionId));
    child.once('exit', (code) => reject(new Error(`the dropping peer exited early (${code})`)));
  });
}
