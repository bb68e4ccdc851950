/**
 * The system under test, as the load generator sees it: something that answers a publisher's
 * offer and offers a subscriber the feeds it asked for. Ours speaks the REST API
 * (bench/targets/ours.ts); Janus speaks its VideoRoom HTTP API (bench/targets/janus.ts). The media
 * side (libdatachannel peers, pre-encoded clips, per-stream counters) is the same for both, so a
 * scenario measures both with the same load.
 */
import type { Description } from './ndcPeer.js';

export type MediaKind = 'video' | 'audio';

/** A track in a publisher's offer: its mid there and its kind. */
export interface OfferedTrack {
  mid: string;
  kind: MediaKind;
}

/** A published feed, as subscribers name it in a pull. The target keeps its own ids inside. */
export interface Feed {
  readonly label: string;
  readonly kinds: readonly MediaKind[];
}

/** A publisher negotiated with the target: its answer, its feed, and how to end it there. */
export interface Publication {
  answer: Description;
  feed: Feed;
  close(): Promise<void>;
}

/** What a subscriber asks for: every kind of each feed unless `kinds` narrows it. */
export interface PullRequest {
  feeds: readonly Feed[];
  kinds?: readonly MediaKind[];
  /** For simulcast video: the layer (RTP stream id) to receive. Only for targets with `simulcast`. */
  simulcast?: { preferredRid: string };
}

/** A pull negotiated up to the target's offer. */
export interface PendingPull {
  offer: Description;
  /** By mid in `offer`: the feed and kind that m-section carries. */
  tracks: Map<string, { feed: Feed; kind: MediaKind }>;
  /** Sends the subscriber's answer; resolves when the target has taken it. */
  complete(answer: Description): Promise<void>;
  /** Ends the pull on the target (its consumers or subscriber handle). Safe twice. */
  close(): Promise<void>;
  /**
   * Switches the simulcast video at `mid` to the layer `rid`; resolves when the target has taken
   * the request (the new layer follows at its next keyframe). Only on targets with `simulcast`.
   */
  setLayer?(mid: string, rid: string): Promise<void>;
}

/** CPU time a target has used so far: its control process(es) and its media process(es). */
export interface TargetCpu {
  /** Ours: the Node process (HTTP, SDP, service). Janus: 0 (one process, counted as media). */
  controlMs: number;
  /** Ours: the mediasoup workers, summed. Janus: the janus process. */
  mediaMs: number;
}

export interface LoadTarget {
  /** Printed in tables: "ours" or "janus". */
  readonly name: string;
  /**
   * Whether the target takes a rid-simulcast publisher's offer, `PullRequest.simulcast` and
   * `PendingPull.setLayer` (scenario d). @default false
   */
  readonly simulcast?: boolean;
  /** Answers a publisher's offer; `label` names the publisher (Janus display name, our track names). */
  publish(offer: Description, tracks: readonly OfferedTrack[], label: string): Promise<Publication>;
  /** Starts a pull of `request`'s feeds for a new subscriber called `label`. */
  pull(request: PullRequest, label: string): Promise<PendingPull>;
  cpu(): Promise<TargetCpu>;
  /** Resident memory of all the target's processes, bytes. */
  rssBytes(): number;
  /** The target's processes (ours: the Node process and the workers; Janus: janus), for per-socket kernel counters. */
  pids(): readonly number[];
  /** Stops every process the target started. Safe twice. */
  stop(): Promise<void>;
}
