import type { types } from 'mediasoup';
import type { MediaKind } from '../../sdp/index.js';
import type { SimulcastPreferences, TrackState, TrackStatus } from '../types.js';

/** A track the session pulls from another session's published track: one mediasoup consumer. */
export class PulledTrack {
  readonly location = 'remote' as const;
  #closed = false;
  /** Waiting for the client's answer to the SFU offer that carries it. */
  pending = true;

  constructor(
    readonly trackName: string,
    readonly mid: string,
    readonly kind: MediaKind,
    readonly publisherSessionId: string,
    readonly consumer: types.Consumer,
    public simulcast?: SimulcastPreferences,
  ) {}

  get closed(): boolean {
    return this.#closed || this.consumer.closed;
  }

  get status(): TrackStatus {
    if (this.closed) return 'inactive';
    return this.pending ? 'initializing' : 'active';
  }

  /** The client has the m-section: start forwarding. */
  async activate(): Promise<void> {
    this.pending = false;
    if (!this.consumer.closed && this.consumer.paused) await this.consumer.resume();
  }

  close(): void {
    this.#closed = true;
    this.consumer.close();
  }

  state(): TrackState {
    return {
      location: 'remote',
      mid: this.mid,
      trackName: this.trackName,
      kind: this.kind,
      sessionId: this.publisherSessionId,
      status: this.status,
      muted: !this.closed && this.consumer.producerPaused,
      ...(this.simulcast !== undefined ? { simulcast: this.simulcast } : {}),
    };
  }
}
