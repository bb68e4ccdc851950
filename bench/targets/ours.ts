/**
 * Our SFU as a load target: a child process (SfuProcess) driven over the REST API the way
 * Cloudflare's docs show. A publisher is one session pushing its tracks; a subscriber is one session
 * pulling them (tracks/new without an offer -> the SFU's offer -> answer -> renegotiate).
 */
import type { ConfigInput } from '../../src/server/config.js';
import { CallsClient } from '../../test/helpers/callsClient.js';
import { testApps } from '../../test/helpers/sfu.js';
import { processCpuMs, usageMs } from '../load/cpu.js';
import type { Feed, LoadTarget, MediaKind, OfferedTrack, PendingPull, Publication, PullRequest, TargetCpu } from '../load/target.js';
import { processRssBytes } from '../load/procfs.js';
import { SfuProcess } from '../sfuProcess.js';

/** Our feed: the publishing session and its track name per kind. */
export interface OurFeed extends Feed {
  sessionId: string;
  trackNames: Partial<Record<MediaKind, string>>;
}

export class OursTarget implements LoadTarget {
  readonly name = 'ours';
  readonly simulcast = true;

  private constructor(
    private readonly sfu: SfuProcess,
    readonly client: CallsClient,
  ) {}

  /** A target over an SFU process the caller started (and stops). */
  static over(sfu: SfuProcess): OursTarget {
    return new OursTarget(sfu, new CallsClient(sfu.url, testApps[0].id, testApps[0].secret));
  }

  /** Starts the SFU with `workers` mediasoup workers; `config` overrides the test SFU's. */
  static async start(workers: number, config: ConfigInput = {}): Promise<OursTarget> {
    const sfu = await SfuProcess.start(workers, { ...config, limits: { maxSessionsPerApp: 100_000, ...config.limits } });
    return OursTarget.over(sfu);
  }

  async publish(offer: { type: 'offer' | 'answer'; sdp: string }, tracks: readonly OfferedTrack[], label: string): Promise<Publication> {
    const { sessionId } = await this.client.newSession();
    const trackNames: Partial<Record<MediaKind, string>> = {};
    for (const track of tracks) trackNames[track.kind] = `${label}-${track.kind}`;
    const result = await this.client.newTracks(sessionId, {
      sessionDescription: offer,
      tracks: tracks.map((t) => ({ location: 'local', mid: t.mid, trackName: trackNames[t.kind] })),
    });
    const failed = result.tracks.filter((t) => t.errorCode);
    if (failed.length > 0 || !result.sessionDescription) throw new Error(`publish failed: ${JSON.stringify(result.tracks)}`);
    const feed: OurFeed = { label, kinds: tracks.map((t) => t.kind), sessionId, trackNames };
    const mids = tracks.map((t) => ({ mid: t.mid }));
    return {
      answer: result.sessionDescription,
      feed,
      close: async () => void (await this.client.closeTracks(sessionId, { tracks: mids, force: true })),
    };
  }

  async pull(request: PullRequest, _label: string): Promise<PendingPull> {
    const { sessionId } = await this.client.newSession();
    const wanted = request.feeds.flatMap((feed) =>
      (feed as OurFeed).kinds.filter((kind) => !request.kinds || request.kinds.includes(kind)).map((kind) => ({ feed: feed as OurFeed, kind })),
    );
    const simulcast = request.simulcast ? { simulcast: { preferredRid: request.simulcast.preferredRid } } : {};
    const result = await this.client.newTracks(sessionId, {
      tracks: wanted.map(({ feed, kind }) => ({ location: 'remote', sessionId: feed.sessionId, trackName: feed.trackNames[kind], ...(kind === 'video' ? simulcast : {}) })),
    });
    const failed = result.tracks.filter((t) => t.errorCode || !t.mid);
    if (failed.length > 0 || !result.sessionDescription) throw new Error(`pull failed: ${JSON.stringify(result.tracks)}`);
    const tracks = new Map(result.tracks.map((t, i) => [t.mid!, wanted[i]!]));
    let closed = false;
    return {
      offer: result.sessionDescription,
      tracks,
      complete: async (answer) => void (await this.client.renegotiate(sessionId, answer)),
      // tracks/update with new preferences for the same track: no renegotiation (docs/rest-api.md).
      setLayer: async (mid, rid) => {
        const pulled = tracks.get(mid);
        if (!pulled) throw new Error(`no pulled track at mid ${mid}`);
        const feed = pulled.feed as OurFeed;
        const item = { location: 'remote', mid, sessionId: feed.sessionId, trackName: feed.trackNames[pulled.kind], simulcast: { preferredRid: rid } };
        const response = await this.client.call<{ tracks?: { errorCode?: string; errorDescription?: string }[] }>('PUT', `/sessions/${sessionId}/tracks/update`, { tracks: [item] });
        const failed = response.body.tracks?.[0]?.errorCode;
        if (response.status !== 200 || failed) throw new Error(`tracks/update failed (${response.status}): ${JSON.stringify(response.body)}`);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await this.client.closeTracks(sessionId, { tracks: [...tracks.keys()].map((mid) => ({ mid })), force: true });
      },
    };
  }

  async cpu(): Promise<TargetCpu> {
    return {
      controlMs: usageMs(await this.sfu.cpuUsage()),
      mediaMs: this.sfu.workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    };
  }

  pids(): readonly number[] {
    return [this.sfu.pid, ...this.sfu.workerPids];
  }

  rssBytes(): number {
    return processRssBytes(this.sfu.pid) + this.sfu.workerPids.reduce((sum, pid) => sum + processRssBytes(pid), 0);
  }

  stop(): Promise<void> {
    return this.sfu.stop();
  }
}
