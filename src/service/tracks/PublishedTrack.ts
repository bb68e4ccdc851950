import type { types } from 'mediasoup';
import type { MediaKind } from '../../sdp/index.js';
import type { TrackState, TrackStatus } from '../types.js';

/** A track the session publishes: one mediasoup producer fed by one m-section of its offer. */
export class PublishedTrack {
  readonly location = 'local' as const;
  #closed = false;
  #muted = false;

  constructor(
    readonly trackName: string,
    readonly mid: string,
    readonly kind: MediaKind,
    readonly producer: types.Producer,
    /** Simulcast RIDs, lowest layer first; empty without simulcast. */
    readonly rids: string[],
  ) {}

  get closed(): boolean {
    return this.#closed || this.producer.closed;
  }

  /** Media has arrived at least once (mediasoup scores a stream once it sees RTP). */
  get receivingMedia(): boolean {
    return this.producer.score.length > 0;
  }

  get status(): TrackStatus {
    if (this.closed) return 'inactive';
    return this.receivingMedia ? 'active' : 'initializing';
  }

  get muted(): boolean {
    return this.#muted;
  }

  /**
   * Mute pauses the producer, so no subscriber gets media, and keeps the track open: a muted
   * track is never found quiet (its client may send nothing at all while muted).
   */
  async setMuted(muted: boolean): Promise<void> {
    if (this.closed || muted === this.#muted) return;
    this.#muted = muted;
    if (muted) await this.producer.pause();
    else {
      this.#lastMediaAt = Date.now();
      await this.producer.resume();
    }
  }

  /** Resolves true once media arrives, false if the track closes or `timeoutMs` passes first. */
  waitForMedia(timeoutMs: number): Promise<boolean> {
    if (this.receivingMedia) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.producer.off('score', onScore);
        this.producer.observer.off('close', onClose);
        resolve(result);
      };
      const onScore = (): void => done(true);
      const onClose = (): void => done(false);
      const timer = setTimeout(() => done(this.receivingMedia), timeoutMs);
      this.producer.on('score', onScore);
      this.producer.observer.on('close', onClose);
    });
  }

  #lastBytes = -1;
  #lastMediaAt = Date.now();
  #quiet = false;

  /**
   * Samples the bytes the producer received; true once when the track, after media flowed, has
   * received none for `quietMs`, and again only after media flowed in between. (mediasoup 3.12
   * scores a silent non-simulcast stream as before, so the byte count is what tells.)
   */
  async becameQuiet(quietMs: number, now = Date.now()): Promise<boolean> {
    if (this.closed || !this.receivingMedia) return false;
    if (this.#muted) {
      this.#lastMediaAt = now;
      return false;
    }
    let bytes: number;
    try {
      bytes = (await this.producer.getStats()).reduce((sum, stream) => sum + (stream.byteCount ?? 0), 0);
    } catch {
      return false;
    }
    if (bytes !== this.#lastBytes) {
      this.#lastBytes = bytes;
      this.#lastMediaAt = now;
      this.#quiet = false;
      return false;
    }
    if (this.#quiet || now - this.#lastMediaAt <= quietMs) return false;
    this.#quiet = true;
    return true;
  }

  close(): void {
    this.#closed = true;
    this.producer.close();
  }

  state(): TrackState {
    return { location: 'local', mid: this.mid, trackName: this.trackName, kind: this.kind, status: this.status, muted: this.#muted };
  }
}
