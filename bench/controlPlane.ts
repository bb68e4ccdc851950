import { CallsClient } from '../test/helpers/callsClient.js';
import { publish, type Publisher } from '../test/helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../test/helpers/sfu.js';
import { WrtcPeer } from '../test/helpers/wrtcPeer.js';
import { mean, percentile, timed } from './stats.js';
import { fixed, type Table } from './table.js';

export interface ControlPlaneBenchOptions {
  /** Timed calls per operation. @default 20 */
  iterations?: number;
  /** Untimed rounds first, so JIT and connection setup do not land in the sample. @default 3 */
  warmup?: number;
  /** mediasoup workers of the SFU under test. @default 2 */
  workers?: number;
}

type Operation = 'sessions/new' | 'tracks/new publish' | 'GET session' | 'tracks/new pull' | 'renegotiate' | 'pull total';

/**
 * REST latency against a real SFU on loopback. Only the HTTP round trip is timed; the wrtc work
 * between calls (createOffer, createAnswer) is not. Calls are sequential: one request in flight.
 */
export async function runControlPlaneBench(options: ControlPlaneBenchOptions = {}): Promise<Table> {
  const iterations = options.iterations ?? 20;
  const warmup = options.warmup ?? 3;
  const samples = new Map<Operation, number[]>();
  const record = (operation: Operation, ms: number, round: number): void => {
    if (round < warmup) return;
    samples.set(operation, [...(samples.get(operation) ?? []), ms]);
  };

  let sfu: RunningSfu | undefined;
  let source: Publisher | undefined;
  try {
    sfu = await startSfu({ media: { workers: options.workers ?? 2 } });
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    // Pulls wait for the publisher's first packet, so they pull from one publisher with media
    // flowing; the first (warm-up) pull absorbs that wait.
    source = await publish(client, 'source');

    for (let round = 0; round < warmup + iterations; round++) {
      await publishRound(client, source, round, record);
      await pullRound(client, source, round, record);
    }
  } finally {
    source?.peer.close();
    source?.media.stop();
    await sfu?.stop();
  }

  const order: Operation[] = ['sessions/new', 'tracks/new publish', 'GET session', 'tracks/new pull', 'renegotiate', 'pull total'];
  return {
    title: `REST control plane (real SFU, ${options.workers ?? 2} workers, loopback)`,
    columns: [
      { heading: 'operation' },
      { heading: 'n', align: 'right' },
      { heading: 'p50 ms', align: 'right' },
      { heading: 'p95 ms', align: 'right' },
      { heading: 'max ms', align: 'right' },
      { heading: 'mean ms', align: 'right' },
    ],
    rows: order.map((operation) => {
      const ms = samples.get(operation) ?? [];
      return [operation, String(ms.length), fixed(percentile(ms, 50), 2), fixed(percentile(ms, 95), 2), fixed(Math.max(...ms), 2), fixed(mean(ms), 2)];
    }),
    notes: [
      `${warmup} untimed warm-up rounds, then ${iterations} timed; one request in flight at a time`,
      'publish: wrtc offer with audio+video sendonly (answer not applied); pull: video+audio of one live publisher',
      'pull total = tracks/new pull + renegotiate (the client answer is created between them, not timed)',
    ],
  };
}

/** One publish: new session, tracks/new with a client offer, then GET of that session. */
async function publishRound(
  client: CallsClient,
  source: Publisher,
  round: number,
  record: (operation: Operation, ms: number, round: number) => void,
): Promise<void> {
  const peer = new WrtcPeer();
  try {
    // The source's tracks are reused: the offer only needs real tracks to announce SSRCs.
    peer.pc.addTransceiver(source.media.audioTrack, { direction: 'sendonly' });
    peer.pc.addTransceiver(source.media.videoTrack, { direction: 'sendonly' });
    const session = await timed(() => client.newSession());
    record('sessions/new', session.ms, round);
    const offer = await peer.offer();
    const [audioMid, videoMid] = peer.mids();
    const published = await timed(() =>
      client.newTracks(session.value.sessionId, {
        sessionDescription: offer,
        tracks: [
          { location: 'local', mid: audioMid, trackName: `audio-${round}` },
          { location: 'local', mid: videoMid, trackName: `video-${round}` },
        ],
      }),
    );
    assertNoTrackErrors('publish', published.value.tracks);
    record('tracks/new publish', published.ms, round);
    record('GET session', (await timed(() => client.getSession(session.value.sessionId))).ms, round);
  } finally {
    peer.close();
  }
}

/** One pull: tracks/new naming the source's tracks (SFU offer), client answer, renegotiate. */
async function pullRound(
  client: CallsClient,
  source: Publisher,
  round: number,
  record: (operation: Operation, ms: number, round: number) => void,
): Promise<void> {
  const peer = new WrtcPeer();
  try {
    const { sessionId } = await client.newSession();
    const pulled = await timed(() =>
      client.newTracks(sessionId, {
        tracks: [
          { location: 'remote', sessionId: source.sessionId, trackName: source.tracks.video },
          { location: 'remote', sessionId: source.sessionId, trackName: source.tracks.audio },
        ],
      }),
    );
    assertNoTrackErrors('pull', pulled.value.tracks);
    const answer = await peer.answer(pulled.value.sessionDescription!);
    const renegotiated = await timed(() => client.renegotiate(sessionId, answer));
    record('tracks/new pull', pulled.ms, round);
    record('renegotiate', renegotiated.ms, round);
    record('pull total', pulled.ms + renegotiated.ms, round);
  } finally {
    peer.close();
  }
}

function assertNoTrackErrors(what: string, tracks: { errorCode?: string; errorDescription?: string }[]): void {
  const failed = tracks.filter((t) => t.errorCode);
  if (failed.length > 0) throw new Error(`${what} failed: ${JSON.stringify(failed)}`);
}
