import type { MediaKind } from '../../sdp/index.js';
import type { PublishedTrack } from '../tracks/tracks.js';
import type { SimulcastPreferences, TrackResult } from '../types.js';

/** A local track the request asks to publish from the m-section with this mid of the client's offer. */
export interface PublishClaim {
  mid: string;
  trackName: string;
  /** bidirectionalMediaStream: keep a sendrecv transceiver sendrecv, so a track can be pulled into it. */
  bidirectional?: boolean;
}

/** A local track the SFU offers a new m-section for (tracks/new with `kind` and no offer). */
export interface PublishOfferClaim {
  trackName: string;
  kind: MediaKind;
  /** bidirectionalMediaStream: offer the m-section sendrecv, so a track can be pulled into it later. */
  bidirectional?: boolean;
}

/** A remote track the request asks to pull, already found and made reachable on this worker. */
export interface PullClaim {
  /** The client's m-section to carry it (with an offer), or `#<trackName>` of a bidirectional transceiver. */
  mid?: string;
  source: PublishedTrack;
  publisherSessionId: string;
  simulcast?: SimulcastPreferences;
}

export interface ClientOfferClaims {
  publish: PublishClaim[];
  pull: PullClaim[];
  autoDiscover: boolean;
}

export type Claim = PublishClaim | PublishOfferClaim | PullClaim;

/** What became of each claim, found by the claim itself. */
export type ClaimResults = Map<Claim, TrackResult>;
