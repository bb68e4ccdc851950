import type { App, SfuService } from '../src/service/index.js';
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
  service: SfuService;
  app: App;
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

/** The contract's endpoints (shared/realtime-api.md), one line of behaviour each. */
export const routes: Route[] = [
  {
    method: 'POST',
    path: '/sessions/new',
    handle: async ({ service, app, query, body }) => {
      const decoded = decodeNewSession(await body());
      const correlationId = query.get('correlationId') ?? undefined;
      const result = await service.createSession(app, {
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
    handle: async ({ service, app, params, body }) =>
      ok(await service.addTracks(app, params['sessionId']!, decodeAddTracks(await body()))),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/renegotiate',
    handle: async ({ service, app, params, body }) => {
      const { sessionDescription } = decodeRenegotiate(await body());
      const result = await service.renegotiate(app, params['sessionId']!, sessionDescription);
      return ok(result.sessionDescription ? result : {});
    },
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/tracks/update',
    handle: async ({ service, app, params, body }) =>
      ok(await service.updateTracks(app, params['sessionId']!, decodeUpdateTracks(await body()))),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/tracks/close',
    handle: async ({ service, app, params, body }) =>
      ok(await service.closeTracks(app, params['sessionId']!, decodeCloseTracks(await body()))),
  },
  {
    method: 'POST',
    path: '/sessions/:sessionId/datachannels/establish',
    handle: async ({ service, app, params, body }) =>
      ok(await service.establishDataChannels(app, params['sessionId']!, decodeEstablishDataChannels(await body()))),
  },
  {
    method: 'POST',
    path: '/sessions/:sessionId/datachannels/new',
    handle: async ({ service, app, params, body }) =>
      ok({ dataChannels: await service.newDataChannels(app, params['sessionId']!, decodeDataChannels(await body())) }),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/datachannels/update',
    handle: async ({ service, app, params, body }) =>
      ok({ dataChannels: await service.updateDataChannels(app, params['sessionId']!, decodeDataChannels(await body())) }),
  },
  {
    method: 'PUT',
    path: '/sessions/:sessionId/datachannels/close',
    handle: async ({ service, app, params, body }) =>
      ok({ dataChannels: await service.closeDataChannels(app, params['sessionId']!, decodeCloseDataChannels(await body())) }),
  },
  {
    method: 'GET',
    path: '/sessions/:sessionId',
    handle: async ({ service, app, params }) => {
      const state = service.getSession(app, params['sessionId']!);
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
