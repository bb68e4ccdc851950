import { randomBytes } from 'node:crypto';
import type { AdapterCloseReason, NewSfuEvent } from '../events/SfuEvent.js';
import type { Logger } from '../Logger.js';
import { toSfuError } from '../errors.js';
import { AdapterError } from './AdapterError.js';
import { decodableVideo } from './videoSdp.js';
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

/** An adapter event as the registry tells it; the service adds its session's room and identity. */
export type AdapterEvent = Extract<NewSfuEvent, { type: 'adapterOpened' | 'adapterClosed' }> extends infer E
  ? E extends NewSfuEvent
    ? Omit<E, 'room' | 'identity'>
    : never
  : never;

/** What both events of one adapter say of it. */
type AdapterInfo = Omit<Extract<AdapterEvent, { type: 'adapterOpened' }>, 'type'>;

/** The source track of a remote item, as the caller may see it; throws not_found_track_error / empty_track_error. */
export type ResolveSource = (target: { sessionId: string; trackName: string }) => Promise<AdapterSource>;

/** Closed ids are remembered (bounded) so a repeated close succeeds instead of adapter_not_found. */
const rememberClosed = 10_000;

/**
 * The service's WebSocket adapters, by id, with the app each belongs to: creates them item by
 * item (one item's failure is its own), closes them by id, and closes them all at shutdown.
 */
export class WebSocketAdapters {
  readonly #open = new Map<string, { appId: string; adapter: WebSocketAdapter; info: AdapterInfo }>();
  readonly #closed = new Map<string, string>();

  constructor(private readonly options: WebSocketAdaptersOptions) {}

  async create(appId: string, items: NewAdapterItem[], resolve: ResolveSource): Promise<NewAdapterResult[]> {
    return Promise.all(items.map((item) => this.#createOne(appId, item, resolve)));
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
  get(adapterId: string): WebSocketAdapter | undefined {
    return this.#open.get(adapterId)?.adapter;
  }

  /** Closes every adapter (shutdown); resolves once every ffmpeg has exited. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map(({ adapter }) => adapter.close('shutdown')));
  }

  async #createOne(appId: string, item: NewAdapterItem, resolve: ResolveSource): Promise<NewAdapterResult> {
    const { trackName } = item;
    try {
      if (item.location !== 'remote') throw new AdapterError('invalid_params', 'location "local" (PCM ingest) is not implemented by this server yet');
      const outputCodec = item.outputCodec;
      if (outputCodec !== 'pcm' && outputCodec !== 'jpeg') throw new AdapterError('invalid_params', 'outputCodec must be "pcm" or "jpeg"');
      const source = await resolve({ sessionId: item.sessionId!, trackName });
      const kind = source.producer.kind;
      if (outputCodec === 'pcm' && kind !== 'audio') throw new AdapterError('invalid_params', `outputCodec "pcm" needs an audio track; "${trackName}" is ${kind}`);
      if (outputCodec === 'jpeg' && kind !== 'video') throw new AdapterError('invalid_params', `outputCodec "jpeg" needs a video track; "${trackName}" is ${kind}`);
      if (outputCodec === 'jpeg') {
        const mimeType = source.producer.rtpParameters.codecs[0]?.mimeType ?? '';
        if (!decodableVideo.includes(mimeType.toLowerCase())) throw new AdapterError('invalid_params', `outputCodec "jpeg" cannot decode ${mimeType || 'this track'}: VP8, VP9 or H264 only`);
      }
      const id = randomBytes(16).toString('hex');
      let closedWhileStarting = '';
      const adapter = await WebSocketAdapter.create({
        id,
        endpoint: item.endpoint,
        source,
        handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 5000,
        outputCodec,
        ...(this.options.jpegFps !== undefined ? { jpegFps: this.options.jpegFps } : {}),
        ...(this.options.ffmpeg !== undefined ? { ffmpeg: this.options.ffmpeg } : {}),
        log: this.options.log,
        onClosed: (closed, reason, detail) => {
          closedWhileStarting = detail;
          this.#forget(appId, closed, reason, detail);
        },
      });
      // The source track or ffmpeg ended during start-up (an endpoint that drops at once is reconnected instead).
      if (adapter.closed) throw new AdapterError('internal_error', `the adapter closed as it started: ${closedWhileStarting}`);
      const info: AdapterInfo = { appId, adapterId: id, sessionId: item.sessionId!, trackName, location: 'remote', codec: outputCodec };
      this.#open.set(id, { appId, adapter, info });
      this.options.log.info('websocket adapter created', { adapterId: id, appId, sessionId: item.sessionId, trackName });
      this.options.onEvent?.({ type: 'adapterOpened', ...info });
      return { trackName, adapterId: id, endpoint: item.endpoint };
    } catch (error) {
      return { trackName, ...this.#itemError(error) };
    }
  }

  #forget(appId: string, adapter: WebSocketAdapter, reason: AdapterCloseReason, detail: string): void {
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
