import type { AddressInfo } from 'node:net';
import wrtc from '@roamhq/wrtc';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodePacket } from '../src/service/adapters/packet.js';
import { CallsClient } from '../test/helpers/callsClient.js';
import { pull, publish } from '../test/helpers/flows.js';
import { testApps } from '../test/helpers/sfu.js';
import { pcmTone } from '../test/helpers/tone.js';
import { WrtcPeer, type SyntheticMedia } from '../test/helpers/wrtcPeer.js';
import { SfuProcess } from './sfuProcess.js';
import { mean, percentile, sleep } from './stats.js';
import { fixed, type Table } from './table.js';

const { nonstandard } = wrtc;

export interface IngestLatencyBenchOptions {
  /** Tone onsets timed per path. @default 10 */
  trials?: number;
}

/** A subscriber chunk (10 ms) louder than this RMS is the tone; silence and Opus noise stay far below. */
const loud = 1000;
const toneMs = 300;
/** A trial that hears nothing for this long counts as lost. */
const trialTimeoutMs = 2000;

/**
 * The time from a tone's onset at the source to the first loud 10 ms chunk a wrtc subscriber
 * decodes, for two sources side by side on one SFU: the WebSocket adapter's PCM ingest (endpoint
 * sends the tone; pacer, ffmpeg Opus encoder, mediasoup) and a wrtc publisher (libwebrtc's own
 * Opus encoder and jitter buffer on both ends). The difference is what ingest adds.
 */
export async function runIngestLatencyBench(options: IngestLatencyBenchOptions = {}): Promise<Table> {
  const trials = options.trials ?? 10;
  const sfu = await SfuProcess.start(1);
  const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  const closers: (() => void | Promise<void>)[] = [];
  try {
    const ingest = await measureIngest(client, trials, closers);
    const webrtc = await measurePublisher(client, trials, closers);
    const row = (name: string, ms: number[]): string[] => [
      name,
      `${ms.length}/${trials}`,
      fixed(percentile(ms, 50), 0),
      fixed(percentile(ms, 95), 0),
      fixed(mean(ms), 0),
    ];
    return {
      title: 'Audio latency to a subscriber: WebSocket PCM ingest vs a WebRTC publisher (same SFU, same subscriber)',
      columns: [{ heading: 'source' }, { heading: 'heard', align: 'right' }, { heading: 'p50 ms', align: 'right' }, { heading: 'p95 ms', align: 'right' }, { heading: 'mean ms', align: 'right' }],
      rows: [row('ingest adapter (PCM over WebSocket)', ingest), row('wrtc publisher (WebRTC)', webrtc)],
      notes: [
        `${trials} onsets of a ${toneMs} ms 660/440 Hz tone each, 1 s apart; the time to the first 10 ms chunk over RMS ${loud} at a wrtc subscriber.`,
        'Both include the subscriber\'s jitter buffer and the 10 ms sink granularity; ingest adds the pacer (<= 20 ms) and ffmpeg.',
      ],
    };
  } finally {
    for (const close of closers.reverse()) await close();
    await sfu.stop();
  }
}

/** A subscriber to one track that reports when it next hears the tone. */
async function listener(client: CallsClient, sessionId: string, trackName: string, closers: (() => void | Promise<void>)[]): Promise<() => Promise<number | undefined>> {
  const peer = new WrtcPeer();
  closers.push(() => peer.close());
  let waiting: ((at: number) => void) | undefined;
  peer.pc.addEventListener('track', (event: RTCTrackEvent) => {
    if (event.track.kind !== 'audio') return;
    const sink = new nonstandard.RTCAudioSink(event.track);
    closers.push(() => sink.stop());
    sink.ondata = ({ samples, channelCount }: { samples: Int16Array; channelCount: number }) => {
      if (!waiting) return;
      let sum = 0;
      for (let i = 0; i < samples.length; i += channelCount) sum += samples[i]! * samples[i]!;
      if (Math.sqrt(sum / (samples.length / channelCount)) > loud) waiting(performance.now());
    };
  });
  const result = await pull(client, [{ sessionId, trackName }], { peer, sessionId: (await client.newSession()).sessionId });
  if (result.results[0]?.errorCode) throw new Error(`pull failed: ${JSON.stringify(result.results[0])}`);
  await sleep(1500);
  return () =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting = undefined;
        resolve(undefined);
      }, trialTimeoutMs);
      waiting = (at) => {
        clearTimeout(timer);
        waiting = undefined;
        resolve(at);
      };
    });
}

async function measureIngest(client: CallsClient, trials: number, closers: (() => void | Promise<void>)[]): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  closers.push(() => void server.close());
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const connected = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const endpoint = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/bench`;
  const created = await client.call<{ tracks: { adapterId?: string; sessionId?: string }[] }>('POST', '/adapters/websocket/new', {
    tracks: [{ location: 'local', trackName: 'speech', endpoint, inputCodec: 'pcm' }],
  });
  const { adapterId, sessionId } = created.body.tracks[0] ?? {};
  if (!adapterId || !sessionId) throw new Error(`ingest failed: ${JSON.stringify(created.body)}`);
  closers.push(async () => void (await client.call('POST', '/adapters/websocket/close', { tracks: [{ adapterId }] })));
  const socket = await connected;
  const hear = await listener(client, sessionId, 'speech', closers);
  const tone = pcmTone(660, toneMs);
  const latencies: number[] = [];
  for (let i = 0; i < trials; i++) {
    const heard = hear();
    const sentAt = performance.now();
    // In messages under the 32 KB limit, all at once (buffer mode).
    for (let at = 0; at < tone.length; at += 16_000) socket.send(encodePacket({ sequenceNumber: 0, timestamp: 0, payload: tone.subarray(at, at + 16_000) }), { binary: true });
    const at = await heard;
    if (at !== undefined) latencies.push(at - sentAt);
    await sleep(1000);
  }
  return latencies;
}

async function measurePublisher(client: CallsClient, trials: number, closers: (() => void | Promise<void>)[]): Promise<number[]> {
  const media = new ToneSource();
  const publisher = await publish(client, 'mic', media as unknown as SyntheticMedia);
  closers.push(() => {
    publisher.peer.close();
    media.stop();
  });
  const hear = await listener(client, publisher.sessionId, publisher.tracks.audio, closers);
  const latencies: number[] = [];
  for (let i = 0; i < trials; i++) {
    const heard = hear();
    const sentAt = media.playTone(toneMs);
    const at = await heard;
    if (at !== undefined) latencies.push(at - sentAt);
    await sleep(1000);
  }
  return latencies;
}

/**
 * A microphone for the publisher path: silence, and a 440 Hz tone on demand; with a tiny
 * camera, since the publish helper sends both.
 */
class ToneSource {
  readonly videoSource = new nonstandard.RTCVideoSource();
  readonly audioSource = new nonstandard.RTCAudioSource();
  readonly videoTrack = this.videoSource.createTrack();
  readonly audioTrack = this.audioSource.createTrack();
  readonly #timers: NodeJS.Timeout[] = [];
  #toneUntil = 0;
  #phase = 0;

  constructor() {
    const frame = new Uint8Array((64 * 48 * 3) / 2).fill(128);
    this.#timers.push(setInterval(() => this.videoSource.onFrame({ width: 64, height: 48, data: frame }), 100));
    const samples = new Int16Array(480);
    this.#timers.push(
      setInterval(() => {
        const on = performance.now() < this.#toneUntil;
        for (let i = 0; i < samples.length; i++) samples[i] = on ? Math.round(8000 * Math.sin((this.#phase++ * 2 * Math.PI * 440) / 48000)) : 0;
        this.audioSource.onData({ samples, sampleRate: 48000 });
      }, 10),
    );
  }

  /** Starts the tone with the next 10 ms chunk; returns when that chunk is due. */
  playTone(ms: number): number {
    const now = performance.now();
    this.#toneUntil = now + ms;
    return now;
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.videoTrack.stop();
    this.audioTrack.stop();
  }
}
