import { readdirSync } from 'node:fs';
import {
  parseRemoteDescription,
  publishedSection,
  writeLocalDescription,
  type LocalSection,
  type LocalTransport,
  type ReceiveSection,
  type RemoteMediaSection,
} from '../src/sdp/index.js';
import { loadSdpFixture } from '../test/fixtures/sdp/index.js';
import { routerCapabilities } from '../test/sdp/routerCapabilities.js';
import { fixed, type Table } from './table.js';

/** How long each case runs, after its warm-up. */
export interface SdpBenchOptions {
  /** @default 200 */
  warmupMs?: number;
  /** @default 800 */
  measureMs?: number;
}

interface CaseResult {
  name: string;
  detail: string;
  ops: number;
  elapsedMs: number;
}

const transport: LocalTransport = {
  iceParameters: { usernameFragment: 'sfuufrag', password: 'sfupassword0123456789', iceLite: true },
  iceCandidates: [{ foundation: 'udpcandidate', priority: 1076302079, ip: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host', tcpType: 'passive' }],
  fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89' }],
  setup: 'passive',
};

/** Sections a client sends on: the ones publishedSection accepts, as tracks/new publish would pick them. */
function publishable(section: RemoteMediaSection): boolean {
  return section.kind !== 'application' && !section.rejected && (section.direction === 'sendonly' || section.direction === 'sendrecv');
}

/** Parses an offer and turns every sending section into producer parameters, as a publish does. */
function translateOffer(sdp: string): number {
  const remote = parseRemoteDescription({ type: 'offer', sdp });
  let produced = 0;
  for (const section of remote.sections) {
    if (publishable(section)) produced += publishedSection(section, routerCapabilities).rtpParameters.codecs.length;
  }
  return remote.sections.length + produced;
}

/** `count` receive sections (audio, video, audio, ...) answering a Chromium publisher, mids 0..count-1. */
function answerSections(count: number): LocalSection[] {
  const remote = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') });
  const [audio, video] = remote.sections.map((s) => publishedSection(s, routerCapabilities).answer);
  return Array.from({ length: count }, (_, i): ReceiveSection => ({ ...(i % 2 === 0 ? audio! : video!), mid: String(i) }));
}

/** Calls `op` in growing batches for `measureMs` (after a warm-up) and counts the calls. */
function measure(name: string, detail: string, op: () => number, options: Required<SdpBenchOptions>): CaseResult {
  let sink = 0;
  const runFor = (ms: number): { ops: number; elapsedMs: number } => {
    const start = performance.now();
    let ops = 0;
    let batch = 1;
    while (performance.now() - start < ms) {
      for (let i = 0; i < batch; i++) sink += op();
      ops += batch;
      batch = Math.min(batch * 2, 256);
    }
    return { ops, elapsedMs: performance.now() - start };
  };
  runFor(options.warmupMs);
  const { ops, elapsedMs } = runFor(options.measureMs);
  // The sink keeps the work observable, so nothing is optimised away.
  if (sink === -1) console.log(sink);
  return { name, detail, ops, elapsedMs };
}

/** SDP translation without a worker: parse + publishedSection per Chromium fixture, and answer writing. */
export function runSdpBench(options: SdpBenchOptions = {}): Table {
  const settings = { warmupMs: options.warmupMs ?? 200, measureMs: options.measureMs ?? 800 };
  const fixtureDir = new URL('../test/fixtures/sdp/', import.meta.url);
  const fixtures = readdirSync(fixtureDir)
    .filter((file) => file.startsWith('chromium-') && file.endsWith('.sdp'))
    .sort();
  const results: CaseResult[] = [];
  for (const file of fixtures) {
    const sdp = loadSdpFixture(file);
    const sections = parseRemoteDescription({ type: 'offer', sdp }).sections;
    const published = sections.filter(publishable).length;
    const detail = `${sections.length} m, ${published} published, ${sdp.length} B`;
    results.push(measure(`parse+publish ${file.replace(/\.sdp$/, '')}`, detail, () => translateOffer(sdp), settings));
  }
  // The same offer already parsed: what publishedSection itself costs, apart from sdp-transform.
  const parsed = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') }).sections;
  results.push(
    measure('publishedSection only (pre-parsed)', `chromium-sendonly-audio-video, 2 m`, () => parsed.reduce((n, section) => n + publishedSection(section, routerCapabilities).rids.length + 1, 0), settings),
  );
  for (const count of [2, 20]) {
    const input = { sessionVersionId: '4611731400430051336', version: 2, transport, sections: answerSections(count) };
    const bytes = writeLocalDescription(input).length;
    results.push(measure(`writeLocalDescription answer`, `${count} recvonly m, ${bytes} B`, () => writeLocalDescription(input).length, settings));
  }
  return {
    title: 'SDP translation (pure functions, no worker)',
    columns: [{ heading: 'case' }, { heading: 'input' }, { heading: 'ops/s', align: 'right' }, { heading: 'mean µs', align: 'right' }],
    rows: results.map((r) => [r.name, r.detail, fixed((r.ops * 1000) / r.elapsedMs, 0), fixed((r.elapsedMs * 1000) / r.ops, 1)]),
    notes: [`each case: ${settings.warmupMs} ms warm-up, then calls counted for ${settings.measureMs} ms on the main thread`],
  };
}
