import type { types } from 'mediasoup';
import type { MediaKind } from '../../sdp/index.js';
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

/**
 * What a pull consumes: a published track of this process, or one of another instance of the
 * cluster piped onto this worker's router (a producer with the publisher's producer id).
 */
export interface PullSource {
  trackName: string;
  kind: MediaKind;
  /** Simulcast RIDs, lowest layer first; empty without simulcast. */
  rids: string[];
  producer: types.Producer;
}

/** A remote track the request asks to pull, already found and made reachable on this worker. */
export interface PullClaim {
  /** The client's m-section to carry it (with an offer), or `#<trackName>` of a bidirectional transceiver. */
  mid?: string;
  source: PullSource;
  publisherSessionId: string;
  simulcast?: SimulcastPreferences;
  /**
   * Gives back what made the source reachable (a pipe from another instance) once nothing
   * consumes it: called when the consumer made from this claim closes, or at once when none was
   * made. Safe to call twice.
   */
  release?: () => void;
}

export interface ClientOfferClaims {
  publish: PublishClaim[];
  pull: PullClaim[];
  autoDiscover: boolean;
}

export type Claim = PublishClaim | PublishOfferClaim | PullClaim;

/** What became of each claim, found by the claim itself. */
export type ClaimResults = Map<Claim, TrackResult>;
