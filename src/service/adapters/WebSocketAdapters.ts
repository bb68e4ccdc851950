import { randomBytes } from 'node:crypto';
import type { AdapterCloseReason, NewSfuEvent } from '../events/SfuEvent.js';
import type { Logger } from '../Logger.js';
import { toSfuError } from '../errors.js';
import { AdapterError } from './AdapterError.js';
import { decodableVideo } from './videoSdp.js';
import { IngestAdapter, type IngestSession } from './IngestAdapter.js';
import type { AdapterItemError, CloseAdapterResult, NewAdapterItem, NewAdapterResult } from './types.js';
import { WebSocketAdapter, type AdapterSource } from './WebSocketAdapter.js';

export interface WebSocketAdaptersOptions {
  log: Logger;
  /** How long the endpoint's WebSocket upgrade may take. @default 5000 */
  handshakeTimeoutMs?: number;
  /** JPEG images a second for outputCodec jpeg. @default 1 */
  jpegFps?: number;
  ffmpeg?: string;
  /** Told when an adapter opened and when it closed (the service puts it in the app's events). */
  onEvent?: (event: AdapterEvent) => void;
}

/** What the service gives a batch: the source of each egress item and a new session for each ingest item. */
export interface AdapterMedia {
  /** The source track of a remote item, as the caller may see it; throws not_found_track_error / empty_track_error. */
  source(target: { sessionId: string; trackName: string }): Promise<AdapterSource>;
  /** A new session of the app for a local item to publish into (throws the app's quota errors). */
  openSession(): Promise<IngestSession>;
}

/** An open adapter of either direction. */
type Adapter = WebSocketAdapter | IngestAdapter;

/** An adapter event as the registry tells it; the service adds its session's room and identity. */
export type AdapterEvent = Extract<NewSfuEvent, { type: 'adapterOpened' | 'adapterClosed' }> extends infer E
  ? E extends NewSfuEvent
    ? Omit<E, 'room' | 'identity'>
    : never
  : never;

/** What both events of one adapter say of it. */
type AdapterInfo = Omit<Extract<AdapterEvent, { type: 'adapterOpened' }>, 'type'>;

/** Closed ids are remembered (bounded) so a repeated close succeeds instead of adapter_not_found. */
const rememberClosed = 10_000;

/**
 * The service's WebSocket adapters, by id, with the app each belongs to: creates them item by
 * item (one item's failure is its own), closes them by id, and closes them all at shutdown.
 */
export class WebSocketAdapters {
  readonly #open = new Map<string, { appId: string; adapter: Adapter; info: AdapterInfo }>();
  readonly #closed = new Map<string, string>();

  constructor(private readonly options: WebSocketAdaptersOptions) {}

  async create(appId: string, items: NewAdapterItem[], media: AdapterMedia): Promise<NewAdapterResult[]> {
    return Promise.all(items.map((item) => this.#createOne(appId, item, media)));
  }

  async close(appId: string, adapterIds: string[]): Promise<CloseAdapterResult[]> {
    return Promise.all(
      adapterIds.map(async (adapterId): Promise<CloseAdapterResult> => {
        const open = this.#open.get(adapterId);
        if (open?.appId === appId) {
          await open.adapter.close('closed', 'closed by the API');
          return { adapterId, bytesProcessed: open.adapter.bytesProcessed };
        }
        if (this.#closed.get(adapterId) === appId) return { adapterId };
        return { adapterId, errorCode: 'adapter_not_found', errorDescription: `no WebSocket adapter ${adapterId} in this app` };
      }),
    );
  }

  /** A live adapter (tests and diagnostics). */
  get(adapterId: string): Adapter | undefined {
    return this.#open.get(adapterId)?.adapter;
  }

  /** Closes every adapter (shutdown); resolves once every ffmpeg has exited. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map(({ adapter }) => adapter.close('shutdown')));
  }

  async #createOne(appId: string, item: NewAdapterItem, media: AdapterMedia): Promise<NewAdapterResult> {
    const { trackName } = item;
    const id = randomBytes(16).toString('hex');
    let closedWhileStarting = '';
    const onClosed = (closed: Adapter, reason: AdapterCloseReason, detail: string): void => {
      closedWhileStarting = detail;
      this.#forget(appId, closed, reason, detail);
    };
    try {
      const adapter = item.location === 'local' ? await this.#startIngest(id, item, media, onClosed) : await this.#startEgress(id, item, media, onClosed);
      // The source track, the session or ffmpeg ended during start-up (an egress endpoint that drops at once is reconnected instead).
      if (adapter.closed) throw new AdapterError('internal_error', `the adapter closed as it started: ${closedWhileStarting}`);
      const ingest = adapter instanceof IngestAdapter;
      const info: AdapterInfo = ingest
        ? { appId, adapterId: id, sessionId: adapter.sessionId!, trackName, location: 'local', codec: 'pcm' }
        : { appId, adapterId: id, sessionId: item.sessionId!, trackName, location: 'remote', codec: item.outputCodec! };
      this.#open.set(id, { appId, adapter, info });
      this.options.log.info('websocket adapter created', { adapterId: id, appId, location: item.location, sessionId: info.sessionId, trackName });
      this.options.onEvent?.({ type: 'adapterOpened', ...info });
      return { trackName, adapterId: id, endpoint: item.endpoint, ...(ingest ? { sessionId: info.sessionId } : {}) };
    } catch (error) {
      return { trackName, ...this.#itemError(error) };
    }
  }

  async #startIngest(id: string, item: NewAdapterItem, media: AdapterMedia, onClosed: (adapter: Adapter, reason: AdapterCloseReason, detail: string) => void): Promise<IngestAdapter> {
    if (item.inputCodec !== 'pcm') throw new AdapterError('invalid_params', 'inputCodec must be "pcm"');
    return IngestAdapter.create({
      id,
      endpoint: item.endpoint,
      trackName: item.trackName,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 5000,
      openSession: () => media.openSession(),
      ...(this.options.ffmpeg !== undefined ? { ffmpeg: this.options.ffmpeg } : {}),
      onClosed,
    });
  }

  async #startEgress(id: string, item: NewAdapterItem, media: AdapterMedia, onClosed: (adapter: Adapter, reason: AdapterCloseReason, detail: string) => void): Promise<WebSocketAdapter> {
    const { trackName, outputCodec } = item;
    if (outputCodec !== 'pcm' && outputCodec !== 'jpeg') throw new AdapterError('invalid_params', 'outputCodec must be "pcm" or "jpeg"');
    const source = await media.source({ sessionId: item.sessionId!, trackName });
    const kind = source.producer.kind;
    if (outputCodec === 'pcm' && kind !== 'audio') throw new AdapterError('invalid_params', `outputCodec "pcm" needs an audio track; "${trackName}" is ${kind}`);
    if (outputCodec === 'jpeg' && kind !== 'video') throw new AdapterError('invalid_params', `outputCodec "jpeg" needs a video track; "${trackName}" is ${kind}`);
    if (outputCodec === 'jpeg') {
      const mimeType = source.producer.rtpParameters.codecs[0]?.mimeType ?? '';
      if (!decodableVideo.includes(mimeType.toLowerCase())) throw new AdapterError('invalid_params', `outputCodec "jpeg" cannot decode ${mimeType || 'this track'}: VP8, VP9 or H264 only`);
    }
    return WebSocketAdapter.create({
      id,
      endpoint: item.endpoint,
      source,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 5000,
      outputCodec,
      ...(this.options.jpegFps !== undefined ? { jpegFps: this.options.jpegFps } : {}),
      ...(this.options.ffmpeg !== undefined ? { ffmpeg: this.options.ffmpeg } : {}),
      log: this.options.log,
      onClosed,
    });
  }

  #forget(appId: string, adapter: Adapter, reason: AdapterCloseReason, detail: string): void {
    const open = this.#open.get(adapter.id);
    if (!open) return;
    this.#open.delete(adapter.id);
    this.#closed.set(adapter.id, appId);
    if (this.#closed.size > rememberClosed) this.#closed.delete(this.#closed.keys().next().value!);
    const bytesProcessed = adapter.bytesProcessed;
    this.options.log.info('websocket adapter closed', { adapterId: adapter.id, appId, reason: detail, bytesProcessed });
    this.options.onEvent?.({ type: 'adapterClosed', ...open.info, reason, bytesProcessed });
  }

  #itemError(error: unknown): AdapterItemError {
    if (error instanceof AdapterError) return { errorCode: error.code, errorDescription: error.message };
    const known = toSfuError(error);
    if (known) return known.toJSON();
    this.options.log.error('websocket adapter failed', { error: (error as Error)?.stack ?? String(error) });
    return { errorCode: 'internal_error', errorDescription: 'internal error' };
  }
}
