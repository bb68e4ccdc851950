/**
 * Janus (the Debian package, its VideoRoom plugin) as a load target: started on loopback with a
 * generated config in a temp dir, driven over its HTTP API (one session, one long poll, one handle
 * per PeerConnection), and stopped with everything it made. One room holds every publisher and
 * subscriber of a run.
 *
 * event_loops: Janus's default runs one event loop (a thread) per handle; its scale setting is a
 * fixed number of loops the handles share. The default here is one loop per core (the same count
 * as our mediasoup workers), what Janus's docs advise provisioning "according to the available
 * resources (e.g., CPUs available)". Measured here at N = 10-100, one loop per handle cost about
 * twice the CPU per forwarded packet and 1.8x the memory per subscriber of 2 shared loops;
 * `eventLoops: 'per-handle'` measures Janus's default all the same.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sdpTransform from 'sdp-transform';
import { freePort } from '../../test/helpers/freePort.js';
import type { Description } from '../load/ndcPeer.js';
import type { Feed, LoadTarget, MediaKind, OfferedTrack, PendingPull, Publication, PullRequest, TargetCpu } from '../load/target.js';
import { findJanusLibDir, writeJanusConfig, type JanusConfigOptions } from './janusConfig.js';
import { JanusSession, type JanusHandle } from './janusHttp.js';
import { buildLoopbackShim } from './janusLoopbackShim.js';
import { JanusProcess } from './janusProcess.js';

const videoroom = 'janus.plugin.videoroom';
const defaultBinary = '/usr/bin/janus';

/** Why Janus cannot run here (not installed), or undefined; the tests that need it skip with this. */
export function janusUnavailable(binary = defaultBinary): string | undefined {
  if (!existsSync(binary)) return `${binary} not found (bash scripts/setup.sh --with-test-deps installs janus)`;
  try {
    findJanusLibDir();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface JanusTargetOptions {
  /** Janus's `event_loops`: a number of shared loops, or 'per-handle' (Janus's default). @default 2 */
  eventLoops?: JanusConfigOptions['eventLoops'];
  /** The janus executable. @default '/usr/bin/janus' */
  binary?: string;
  /** UDP ports Janus's PeerConnections use (below Linux's ephemeral range, apart from ours' 40000-49999). @default 20000-29999 */
  rtpPorts?: { min: number; max: number };
  /** Janus log level, 0-7. @default 4 */
  debugLevel?: number;
}

/** The one room of a run: publishers for the meeting scenarios, a video cap far above the clips' rates. */
const roomSettings = {
  room: 1701,
  description: 'open-realtime-sfu bench',
  is_private: true,
  publishers: 100,
  bitrate: 10_000_000,
  bitrate_cap: false,
  fir_freq: 0,
  audiocodec: 'opus',
  videocodec: 'vp8',
  record: false,
  notify_joining: false,
} as const;

/** A Janus feed: the publisher's id in the room and the mid of each of its kinds there. */
interface JanusFeed extends Feed {
  publisherId: number;
  mids: Partial<Record<MediaKind, string>>;
  /**
   * A simulcast video's RTP stream ids by Janus substream index (0 lowest): the offer's `a=rid`
   * lines in their order, which the load generator lists lowest first (bench/simulcast.ts), so
   * the offer goes with `rid_order: 'lmh'` (Janus assumes high first otherwise).
   */
  rids?: readonly string[];
}

/** What Janus's `attached` and `configured` events list per stream. */
interface JanusStream {
  mid: string;
  type: string;
  feed_id?: number;
  feed_mid?: string;
}

export class JanusTarget implements LoadTarget {
  readonly name = 'janus';
  /** VideoRoom takes rid-based simulcast (VP8) and a subscriber picks a layer by `substream`. */
  readonly simulcast = true;
  #stopping: Promise<void> | undefined;

  private constructor(
    private readonly janus: JanusProcess,
    private readonly session: JanusSession,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /** Starts Janus on loopback and creates the run's room; on failure everything started is undone. */
  static async start(options: JanusTargetOptions = {}): Promise<JanusTarget> {
    const undo: (() => Promise<void> | void)[] = [];
    const cleanup = async (): Promise<void> => {
      // Last started, first undone; each step runs even if an earlier one failed.
      for (const step of undo.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`janus cleanup: ${(error as Error).message}`);
        }
      }
    };
    try {
      const dir = mkdtempSync(join(tmpdir(), 'janus-bench-'));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      const preload = await buildLoopbackShim(dir);
      const httpPort = await freePort();
      const logFile = join(dir, 'janus.log');
      writeJanusConfig(dir, {
        httpPort,
        iceAddress: '127.0.0.1',
        rtpPorts: options.rtpPorts ?? { min: 20_000, max: 29_999 },
        eventLoops: options.eventLoops ?? 2,
        debugLevel: options.debugLevel ?? 4,
        logFile,
      });
      const apiUrl = `http://127.0.0.1:${httpPort}/janus`;
      const janus = await JanusProcess.start({ binary: options.binary ?? defaultBinary, configDir: dir, logFile, apiUrl, preload });
      undo.push(() => janus.stop());
      const session = await JanusSession.create(apiUrl);
      undo.push(() => session.destroy());
      const control = await session.attach(videoroom);
      const created = await control.request({ request: 'create', ...roomSettings });
      if (created.videoroom !== 'created') throw new Error(`janus room create: ${JSON.stringify(created)}`);
      return new JanusTarget(janus, session, cleanup);
    } catch (error) {
      await cleanup();
      throw error;
    }
  }

  /** Joins the room as a publisher on a handle of its own and publishes `offer`. */
  async publish(offer: Description, tracks: readonly OfferedTrack[], label: string): Promise<Publication> {
    const handle = await this.session.attach(videoroom);
    try {
      const joined = await handle.message({ request: 'join', ptype: 'publisher', room: roomSettings.room, display: label });
      const publisherId = joined.data.id;
      if (typeof publisherId !== 'number') throw new Error(`janus publisher join: ${JSON.stringify(joined.data)}`);
      const rids = offeredRids(offer);
      const jsep = rids.length > 0 ? { ...offer, rid_order: 'lmh' as const } : offer;
      const published = await handle.message({ request: 'publish', audiocodec: 'opus', videocodec: 'vp8' }, jsep);
      if (!published.jsep) throw new Error(`janus publish: no answer in ${JSON.stringify(published.data)}`);
      await completeCandidates(handle);
      // Janus keeps the publisher's mids; its `configured` event lists the streams it took.
      const taken = (published.data.streams as JanusStream[] | undefined) ?? [];
      const mids: Partial<Record<MediaKind, string>> = {};
      for (const track of tracks) {
        if (taken.length > 0 && !taken.some((s) => s.mid === track.mid)) throw new Error(`janus publish: mid ${track.mid} (${track.kind}) was not taken`);
        mids[track.kind] = track.mid;
      }
      const feed: JanusFeed = { label, kinds: tracks.map((t) => t.kind), publisherId, mids, ...(rids.length > 0 ? { rids } : {}) };
      return { answer: published.jsep, feed, close: () => handle.detach() };
    } catch (error) {
      await handle.detach().catch(() => undefined);
      throw error;
    }
  }

  /** A subscriber handle joined with one stream per feed and kind asked (multistream). */
  async pull(request: PullRequest, _label: string): Promise<PendingPull> {
    const wanted = request.feeds.flatMap((feed) =>
      (feed as JanusFeed).kinds.filter((kind) => !request.kinds || request.kinds.includes(kind)).map((kind) => ({ feed: feed as JanusFeed, kind })),
    );
    const handle = await this.session.attach(videoroom);
    try {
      const substreamOf = (feed: JanusFeed, rid: string): number => {
        const index = feed.rids?.indexOf(rid) ?? -1;
        if (index < 0) throw new Error(`janus: feed ${feed.label} has no simulcast layer ${rid} (its rids: ${feed.rids?.join(', ') ?? 'none'})`);
        return index;
      };
      const preferred = request.simulcast?.preferredRid;
      const streams = wanted.map(({ feed, kind }) => ({
        feed: feed.publisherId,
        mid: feed.mids[kind],
        ...(kind === 'video' && preferred !== undefined && feed.rids ? { substream: substreamOf(feed, preferred) } : {}),
      }));
      const attached = await handle.message({ request: 'join', ptype: 'subscriber', room: roomSettings.room, streams });
      if (attached.data.videoroom !== 'attached' || !attached.jsep) throw new Error(`janus subscribe: ${JSON.stringify(attached.data).slice(0, 300)}`);
      const tracks = new Map<string, { feed: Feed; kind: MediaKind }>();
      for (const stream of (attached.data.streams as JanusStream[] | undefined) ?? []) {
        const match = wanted.find(({ feed, kind }) => feed.publisherId === stream.feed_id && feed.mids[kind] === stream.feed_mid);
        if (match) tracks.set(stream.mid, match);
      }
      if (tracks.size !== wanted.length) throw new Error(`janus subscribe: ${tracks.size} of ${wanted.length} streams offered (${JSON.stringify(attached.data.streams)})`);
      return {
        offer: asDtlsClient(attached.jsep),
        tracks,
        complete: async (answer) => {
          const started = await handle.message({ request: 'start' }, answer);
          if (started.data.started !== 'ok') throw new Error(`janus start: ${JSON.stringify(started.data)}`);
          await completeCandidates(handle);
        },
        // configure on the subscriber handle: Janus forwards the new substream from its next keyframe (it sends the publisher a PLI).
        setLayer: async (mid, rid) => {
          const pulled = tracks.get(mid);
          if (!pulled) throw new Error(`no pulled track at mid ${mid}`);
          const configured = await handle.message({ request: 'configure', streams: [{ mid, substream: substreamOf(pulled.feed as JanusFeed, rid) }] });
          if (configured.data.configured !== 'ok') throw new Error(`janus configure: ${JSON.stringify(configured.data).slice(0, 300)}`);
        },
        close: () => handle.detach(),
      };
    } catch (error) {
      await handle.detach().catch(() => undefined);
      throw error;
    }
  }

  async cpu(): Promise<TargetCpu> {
    return { controlMs: 0, mediaMs: this.janus.cpuMs() };
  }

  rssBytes(): number {
    return this.janus.rssBytes();
  }

  pids(): readonly number[] {
    return [this.janus.pid];
  }

  /** Destroys the session, stops Janus and removes its temp dir. Safe twice. */
  stop(): Promise<void> {
    return (this.#stopping ??= this.cleanup());
  }
}

/**
 * Janus's offer with `a=setup:active` for its `actpass`, so libdatachannel answers `passive` and
 * Janus starts DTLS once its own ICE checks succeed. Answering `active` (libdatachannel's choice
 * otherwise) races: libdatachannel's ClientHello leaves as soon as its side of ICE is up, some
 * 20 ms before Janus's (the controlling agent) is, Janus drops it, and OpenSSL's 1 s retransmit
 * timer adds a second to every join (a browser's 50 ms timer would hide it). Either role is a
 * valid answer to actpass (RFC 5763); Janus sees an ordinary `passive` answer.
 */
function asDtlsClient(offer: Description): Description {
  return { type: offer.type, sdp: offer.sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active') };
}

/** The RTP stream ids of the offer's video section, in their `a=rid` order (none: not simulcast). */
function offeredRids(offer: Description): string[] {
  const video = sdpTransform.parse(offer.sdp).media.find((m) => m.type === 'video');
  return (video?.rids ?? []).filter((r) => r.direction === 'send').map((r) => String(r.id));
}

/**
 * The load generator's descriptions carry all of its candidates (NdcPeer waits for gathering), so
 * Janus is told no more will come, as a trickling client says once it has gathered them all.
 */
function completeCandidates(handle: JanusHandle): Promise<void> {
  return handle.trickle([{ completed: true }]);
}
