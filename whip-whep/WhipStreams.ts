import type { SfuApi } from '../src/service/index.js';

/** Which side of a stream a resource is: its publisher (WHIP) or one of its players (WHEP). */
export type ResourceKind = 'whip' | 'whep';

/** A session this face made, as its resource URL names it. */
export interface StreamResource {
  kind: ResourceKind;
  appId: string;
  streamName: string;
  sessionId: string;
  /** The client's last offer: an ICE restart re-sends it with the fragment's new credentials. */
  offer: string;
  /** Bumped on every change of the SFU's answer; the ETag is `"<sessionId>-<version>"`. */
  version: number;
}

/**
 * The live WHIP streams (stream name -> publisher session, per app) and every WHIP/WHEP resource
 * this face created. The sessions themselves are the service's: when one ends (the client's DELETE,
 * its PeerConnection dropping, the liveness timeout) the `sessionLeft` event makes this forget it.
 */
export class WhipStreams {
  /** `${appId}/${streamName}` -> the publisher's session id, or `pending` while its POST runs. */
  readonly #publishers = new Map<string, string>();
  readonly #resources = new Map<string, StreamResource>();
  readonly #stopListening: () => void;

  constructor(service: Pick<SfuApi, 'events'>) {
    const onEvent = (event: { type: string; sessionId?: string }) => {
      if (event.type === 'sessionLeft' && event.sessionId !== undefined) this.forget(event.sessionId);
    };
    service.events.on('event', onEvent);
    this.#stopListening = () => service.events.off('event', onEvent);
  }

  /**
   * Reserves a stream name for a publisher about to be created; false when the name is live (or
   * another publish of it is under way). Release it with `release` if the publish fails.
   */
  claim(appId: string, streamName: string): boolean {
    const key = streamKey(appId, streamName);
    if (this.#publishers.has(key)) return false;
    this.#publishers.set(key, pending);
    return true;
  }

  release(appId: string, streamName: string): void {
    const key = streamKey(appId, streamName);
    if (this.#publishers.get(key) === pending) this.#publishers.delete(key);
  }

  /** Records a created resource; for a publisher, fills in its claimed stream name. */
  add(resource: StreamResource): void {
    this.#resources.set(resource.sessionId, resource);
    if (resource.kind === 'whip') this.#publishers.set(streamKey(resource.appId, resource.streamName), resource.sessionId);
  }

  /** The publisher session of a live stream, if any. */
  publisher(appId: string, streamName: string): string | undefined {
    const sessionId = this.#publishers.get(streamKey(appId, streamName));
    return sessionId === pending ? undefined : sessionId;
  }

  /** The resource a Location names, only if every part of the path matches it. */
  resource(kind: ResourceKind, appId: string, streamName: string, sessionId: string): StreamResource | undefined {
    const resource = this.#resources.get(sessionId);
    if (!resource || resource.kind !== kind || resource.appId !== appId || resource.streamName !== streamName) return undefined;
    return resource;
  }

  /** Drops a session's resource and, for a publisher, frees its stream name. Safe to call twice. */
  forget(sessionId: string): void {
    const resource = this.#resources.get(sessionId);
    if (!resource) return;
    this.#resources.delete(sessionId);
    const key = streamKey(resource.appId, resource.streamName);
    if (resource.kind === 'whip' && this.#publishers.get(key) === sessionId) this.#publishers.delete(key);
  }

  /** Stops following the service's events. */
  close(): void {
    this.#stopListening();
    this.#publishers.clear();
    this.#resources.clear();
  }
}

const pending = '';

function streamKey(appId: string, streamName: string): string {
  return `${appId}/${streamName}`;
}
