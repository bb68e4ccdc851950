import { isItemError, type Caller, type SfuApi } from '../src/service/index.js';
import { decodeCloseAdapters, decodeNewAdapters } from './decodeAdapters.js';
import {
  decodeAddTracks,
  decodeCloseDataChannels,
  decodeCloseTracks,
  decodeDataChannels,
  decodeEstablishDataChannels,
  decodeNewSession,
  decodeRenegotiate,
  decodeUpdateTracks,
} from './decode.js';

export interface RouteContext {
  service: SfuApi;
  /** Who calls: the app by its secret, or a participant by its access token. */
  caller: Caller;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The decoded JSON body (undefined when empty). */
  body: () => Promise<unknown>;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  /**
   * The contract's method. Mutations documented as PUT are also taken as POST: Cloudflare's own
   * WHIP/WHEP example calls `renegotiate` with POST, and the hosted service answers it.
   */
  method: 'GET' | 'POST' | 'PUT';
  /** Path after `/apps/{appId}`, with `:name` parameters. */
  path: string;
  handle: (context: RouteContext) => Promise<RouteResult>;
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });

/** Adapter batches: 200 when at least one item succeeded, 503 when every item failed (the OpenAPI). */
const batch = (tracks: object[]): RouteResult => ({ status: tracks.some((t) => !isItemError(t)) ? 200 : 503, body: { tracks } });

/** The contract's endpoints (shared/realtime-api.md), one line of behaviour each. */
export const routes: Route[] = [
  {
    method: 'POST',
    path: '/sessions/new',
    handle: async ({ service, caller, query, body }) => {
      const decoded = decodeNewSession(await body());
      const correlationId = query.get('correlationId') ?? undefined;
      const result = await service.createSession(caller, {
        ...decoded,
        ...(correlationId !== undefined ? { correlationId } : {}),
        thirdparty: query.get('thirdparty') === 'true',
      });
      const { sessionId, sessionDescription } = result;
      return { status: 201, body: sessionDescription ? { sessionId, sessionDescription } : { sessionId } };
    },
  },
  {
    method: 'POST',
    path: '/sessions/:sessionId/tracks/new',
    handle: async ({ service, caller, params, body }) =>
      ok(await service.addTracks(caller, params['sessionId']!, decodeAddTracks(await body()))),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/renegotiate',
    handle: async ({ service, caller, params, body }) => {
      const { sessionDescription } = decodeRenegotiate(await body());
      const result = await service.renegotiate(caller, params['sessionId']!, sessionDescription);
      return ok(result.sessionDescription ? result : {});
    },
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/tracks/update',
    handle: async ({ service, caller, params, body }) =>
      ok(await service.updateTracks(caller, params['sessionId']!, decodeUpdateTracks(await body()))),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/tracks/close',
    handle: async ({ service, caller, params, body }) =>
      ok(await service.closeTracks(caller, params['sessionId']!, decodeCloseTracks(await body()))),
  },
  {
    method: 'POST',
    path: '/sessions/:sessionId/datachannels/establish',
    handle: async ({ service, caller, params, body }) =>
      ok(await service.establishDataChannels(caller, params['sessionId']!, decodeEstablishDataChannels(await body()))),
  },
  {
    method: 'POST',
    path: '/sessions/:sessionId/datachannels/new',
    handle: async ({ service, caller, params, body }) =>
      ok({ dataChannels: await service.newDataChannels(caller, params['sessionId']!, decodeDataChannels(await body())) }),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/datachannels/update',
    handle: async ({ service, caller, params, body }) =>
      ok({ dataChannels: await service.updateDataChannels(caller, params['sessionId']!, decodeDataChannels(await body())) }),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/datachannels/close',
    handle: async ({ service, caller, params, body }) =>
      ok({ dataChannels: await service.closeDataChannels(caller, params['sessionId']!, decodeCloseDataChannels(await body())) }),
  },
  {
    method: 'POST',
    path: '/adapters/websocket/new',
    handle: async ({ service, caller, body }) => batch(await service.newWebSocketAdapters(caller, decodeNewAdapters(await body()))),
  },
  {
    method: 'POST',
    path: '/adapters/websocket/close',
    handle: async ({ service, caller, body }) => batch(await service.closeWebSocketAdapters(caller, decodeCloseAdapters(await body()))),
  },
  {
    method: 'GET',
    path: '/sessions/:sessionId',
    handle: async ({ service, caller, params }) => {
      const state = await service.getSession(caller, params['sessionId']!);
      return ok({
        tracks: state.tracks.map(({ location, mid, trackName, sessionId, status }) => ({
          location,
          mid,
          trackName,
          ...(sessionId !== undefined ? { sessionId } : {}),
          status,
        })),
        dataChannels: state.dataChannels,
        ...(state.correlationId !== undefined ? { correlationId: state.correlationId } : {}),
      });
    },
  },
];
