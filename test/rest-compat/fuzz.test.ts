import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { closePeers, publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';
import { describeRequest, faceOf, graphqlProblem, parse, restProblem } from './fuzz/answers.js';
import { graphqlRequest } from './fuzz/graphqlRequests.js';
import { names, offerFixtures, Rng } from './fuzz/random.js';
import { answerMarker, answerTo, restRequest, sequence, sessionMarker } from './fuzz/restRequests.js';
import type { Answer, FuzzCase, FuzzRequest, Targets } from './fuzz/types.js';

/*
 * A bounded, seeded fuzz of both faces over real HTTP: no input may cause a 5xx, an error outside
 * the contract's shape, a stalled request, or a service that no longer carries media. Replay a
 * failure with SFU_FUZZ_SEED=<seed>: request number N is the same request for the same seed.
 */
const seed = Number(process.env['SFU_FUZZ_SEED'] ?? 0x5eed2026) >>> 0;
const requestCount = 2_500;
const concurrency = 8;
/** Past this, no new request is sent (a loaded machine runs fewer requests, never a longer test). */
const sendingBudgetMs = 20_000;
/** A request unanswered for this long is a stall. */
const requestTimeoutMs = 10_000;

const [one, two] = testApps;

// ---- Running ---------------------------------------------------------------------------------

async function send(baseUrl: string, request: FuzzRequest): Promise<Answer | Error> {
  try {
    const body = request.chunked && request.body !== undefined ? new Blob([request.body]).stream() : request.body;
    const response = await fetch(baseUrl + request.path, {
      method: request.method,
      headers: request.headers,
      ...(body !== undefined ? { body } : {}),
      // Node's fetch needs this for a stream body; DOM's RequestInit does not know it.
      ...(request.chunked ? { duplex: 'half' } : {}),
      signal: AbortSignal.timeout(requestTimeoutMs),
    } as RequestInit);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  } catch (error) {
    return error as Error;
  }
}

interface FuzzOutcome {
  sent: number;
  /** Failures by kind: how many, and the first request of each kind. */
  failures: Map<string, { count: number; first: string }>;
  /** Answers by face and status, e.g. "REST 404". */
  statuses: Map<string, number>;
}

/** The request with its markers replaced; undefined when what it needs never came. */
function resolve(request: FuzzRequest, sessionId: string | undefined, answer: string | undefined): FuzzRequest | undefined {
  const needsSession = request.path.includes(sessionMarker);
  const needsAnswer = typeof request.body === 'string' && request.body.includes(answerMarker);
  if ((needsSession && !sessionId) || (needsAnswer && !answer)) return undefined;
  const path = sessionId ? request.path.replace(sessionMarker, sessionId) : request.path;
  const body = typeof request.body === 'string' && answer ? request.body.replaceAll(answerMarker, JSON.stringify(answer)) : request.body;
  return { ...request, path, ...(body === undefined ? {} : { body }) };
}

/** What is wrong with one answer, if anything (by face: REST, GraphQL, or the plain 404 outside both). */
function problemOf(baseUrl: string, request: FuzzRequest, answer: Answer | Error): string | undefined {
  if (answer instanceof Error) return `no answer (${answer.name})`;
  const face = faceOf(baseUrl + request.path);
  if (face === 'REST') return restProblem(request, answer);
  if (face === 'GraphQL') return graphqlProblem(answer);
  return answer.status >= 500 ? `HTTP ${answer.status} outside the APIs` : undefined;
}

/** Sends the seeded cases, `concurrency` at a time, until `requestCount` requests or the time budget. */
async function runFuzz(baseUrl: string, targets: Targets): Promise<FuzzOutcome> {
  const rng = new Rng(seed);
  const outcome: FuzzOutcome = { sent: 0, failures: new Map(), statuses: new Map() };
  const deadline = Date.now() + sendingBudgetMs;
  let cases = 0;
  const record = (index: string, request: FuzzRequest, answer: Answer | Error) => {
    const key = `${faceOf(baseUrl + request.path)} ${answer instanceof Error ? 'error' : answer.status}`;
    outcome.statuses.set(key, (outcome.statuses.get(key) ?? 0) + 1);
    const problem = problemOf(baseUrl, request, answer);
    if (!problem) return;
    const seen = outcome.failures.get(problem);
    if (seen) seen.count++;
    else {
      const got = answer instanceof Error ? answer.message : `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
      outcome.failures.set(problem, { count: 1, first: `${describeRequest(index, request)}\n    -> ${got}` });
    }
  };
  const lane = async () => {
    while (outcome.sent < requestCount && Date.now() < deadline) {
      // Drawn synchronously, in case order: case N is the same for the same seed, whatever the timing.
      const index = cases++;
      const roll = rng.next();
      const fuzzCase: FuzzCase = roll < 0.15 ? sequence(targets, rng) : { steps: [roll < 0.7 ? restRequest(targets, rng) : graphqlRequest(targets, rng)] };
      let sessionId: string | undefined;
      let sfuOffer: string | undefined;
      for (const [n, step] of fuzzCase.steps.entries()) {
        const answerRng = new Rng(fuzzCase.answerSeed ?? 0);
        const request = resolve(step, sessionId, sfuOffer === undefined ? undefined : answerTo(sfuOffer, answerRng));
        if (!request || outcome.sent >= requestCount) break;
        outcome.sent++;
        const answer = await send(baseUrl, request);
        record(fuzzCase.steps.length > 1 ? `${index}.${n + 1}` : `${index}`, request, answer);
        if (answer instanceof Error) break;
        const body = parse(answer.text);
        const said = (body.ok ? body.value : undefined) as { sessionId?: unknown; sessionDescription?: { type?: unknown; sdp?: unknown } } | undefined;
        if (answer.status === 201 && typeof said?.sessionId === 'string') sessionId = said.sessionId;
        if (said?.sessionDescription?.type === 'offer' && typeof said.sessionDescription.sdp === 'string') sfuOffer = said.sessionDescription.sdp;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return outcome;
}

// ---- What the fuzz aims at -----------------------------------------------------------------------

/**
 * What the fuzz aims at, made over the API before it starts: a live publisher it may only pull
 * from, fresh and negotiated-but-silent sessions it may mutate, app-two's sessions and a closed
 * one. Sessions the fuzz mutates have no live peer: a wrtc (libwebrtc) peer whose transport the
 * fuzz tears down can crash its own process, which is the test's client, not the server under
 * test. Peers go into `peers` as they are made, so teardown closes them even if setup fails.
 */
async function aimAt(client: CallsClient, appTwo: CallsClient, peers: (Publisher | Subscriber)[]): Promise<{ targets: Targets; source: Publisher; appTwoSessions: string[] }> {
  // One live publisher the fuzz may only pull from; the one it closes before it starts.
  const source = await publish(client, 'source');
  const gone = await publish(client, 'gone');
  peers.push(source, gone);
  const fresh = await Promise.all([1, 2, 3].map(async () => (await client.newSession()).sessionId));
  const silent = await Promise.all([1, 2, 3].map(async () => {
    const { sessionId } = await client.newSession();
    await client.newTracks(sessionId, { sessionDescription: { type: 'offer', sdp: offerFixtures[0]! }, tracks: [{ location: 'local', mid: '0', trackName: 'silent' }] });
    return sessionId;
  }));
  const appTwoSessions = await Promise.all([1, 2].map(async () => (await appTwo.newSession()).sessionId));
  await eventually('the gone publisher sending', async () => (await client.getSession(gone.sessionId)).tracks.every((track) => track.status === 'active'));
  closePeers([gone]);
  await eventually('the gone session closed', async () => (await client.call('GET', `/sessions/${gone.sessionId}`)).status === 410);
  const pathSessions = [...fresh, ...silent, gone.sessionId, ...appTwoSessions, fresh[0]!.toUpperCase()];
  const targets: Targets = {
    pathSessions,
    bodySessions: [...pathSessions, source.sessionId, source.sessionId],
    trackNames: [source.tracks.video, source.tracks.audio, 'silent', ...names],
    source: { sessionId: source.sessionId, tracks: [source.tracks.video, source.tracks.audio] },
  };
  return { targets, source, appTwoSessions };
}

// ---- The tests -----------------------------------------------------------------------------------

describe('hostile input to the REST and GraphQL APIs (seeded fuzz)', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  let workerPids: number[];
  let appTwoSessions: string[];
  let source: Publisher;
  const peers: (Publisher | Subscriber)[] = [];
  let targets: Targets;

  beforeAll(async () => {
    sfu = await startSfu({
      media: { workers: 2 },
      // Pool sessions never connect: keep them (and app-two's) alive for the whole file.
      timing: { connectTimeoutMs: 120_000 },
      limits: { callsPerSecondPerSession: 100_000, sessionsPerSecondPerApp: 100_000, emptyTrackTimeoutMs: 500, transportWaitMs: 500 },
    });
    client = new CallsClient(sfu.url, one.id, one.secret);
    const appTwo = new CallsClient(sfu.url, two.id, two.secret);
    ({ targets, source, appTwoSessions } = await aimAt(client, appTwo, peers));
    workerPids = sfu.pool.workers.map((w) => w.pid);
  });

  afterAll(async () => {
    closePeers(peers);
    await sfu?.stop();
  });

  it(`answers up to ${requestCount} seeded random REST and GraphQL requests (seed ${seed}) with no 5xx, no stall and only contract-shaped errors`, async () => {
    const { sent, failures, statuses } = await runFuzz(sfu.url, targets);
    const tally = [...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
    const failed = [...failures.values()].reduce((sum, f) => sum + f.count, 0);
    const kinds = [...failures].slice(0, 10).map(([kind, f]) => `- ${kind}: ${f.count}x, first: ${f.first}`);
    const summary = `seed ${seed} (replay: SFU_FUZZ_SEED=${seed}), ${sent} requests (${tally}); ${failed} failed, ${failures.size} kinds:\n${kinds.join('\n')}\n`;
    expect(failed, summary).toBe(0);
    // The fuzz reached the success paths, not only the front door.
    expect(statuses.get('REST 201') ?? 0, summary).toBeGreaterThan(0);
    expect(statuses.get('REST 200') ?? 0, summary).toBeGreaterThan(0);
    expect(statuses.get('GraphQL 200') ?? 0, summary).toBeGreaterThan(0);
  }, 40_000);

  it('still publishes and pulls real media afterwards, on the same workers, and the untouched publisher still sends', async () => {
    expect(sfu.pool.workers.map((w) => w.pid)).toEqual(workerPids);
    expect(sfu.pool.workers.every((w) => !w.closed && !w.worker.died)).toBe(true);
    for (const pid of workerPids) expect(() => process.kill(pid, 0)).not.toThrow();

    const publisher = await publish(client, 'after');
    peers.push(publisher);
    const subscriber = await pull(client, [
      { sessionId: publisher.sessionId, trackName: publisher.tracks.video },
      { sessionId: publisher.sessionId, trackName: publisher.tracks.audio },
      { sessionId: source.sessionId, trackName: source.tracks.video },
    ]);
    peers.push(subscriber);
    expect(subscriber.results.map((t) => t.errorCode ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    const [fresh, , old] = subscriber.results.map((t) => t.mid!);
    await eventually('decoded video from the new publisher', () => (subscriber.peer.video.get(fresh!)?.frames ?? 0) > 10);
    await eventually('decoded video from the publisher that lived through the fuzz', () => (subscriber.peer.video.get(old!)?.frames ?? 0) > 10);
    await eventually('audio packets', async () => (await subscriber.peer.packetsReceived('audio')) > 20);
  }, 30_000);

  it('leaves app-two, which the fuzz only met with wrong secrets, able to create sessions and read its own', async () => {
    const appTwo = new CallsClient(sfu.url, two.id, two.secret);
    const { sessionId } = await appTwo.newSession();
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    for (const id of [sessionId, ...appTwoSessions]) expect(await appTwo.getSession(id)).toEqual({ tracks: [], dataChannels: [] });
    // No request of the fuzz made or changed a session of app-two: it has exactly its own three.
    const listed = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${two.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ sessions { sessions { sessionId tracks { mid } dataChannels { id } } } }' }),
    });
    const { data } = (await listed.json()) as { data: { sessions: { sessions: { sessionId: string }[] } } };
    expect(data.sessions.sessions.map((s) => s.sessionId).sort()).toEqual([sessionId, ...appTwoSessions].sort());
    expect(data.sessions.sessions).toEqual(data.sessions.sessions.map((s) => ({ sessionId: s.sessionId, tracks: [], dataChannels: [] })));
  });
});
