import { SfuError, type AdapterErrorCode, type AdapterItemError, type ErrorCode as Code, type ItemError, type TrackLocation as Location } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { ErrorCode, TrackLocation } from './enums.js';

/** One failed item of addTracks or closeTracks (REST: an item with errorCode/errorDescription). */
export class TrackError extends Error {
  override readonly name = 'TrackError';
  readonly code: Code;

  constructor(
    failure: ItemError,
    readonly item: { location?: Location; mid?: string; trackName?: string; sessionId?: string },
  ) {
    super(failure.errorDescription);
    this.code = failure.errorCode;
  }
}

/** One failed item of addDataChannels, updateDataChannels or closeDataChannels. */
export class DataChannelError extends Error {
  override readonly name = 'DataChannelError';
  readonly code: Code;

  constructor(
    failure: ItemError,
    readonly item: { location?: Location; sessionId?: string; dataChannelName?: string; id?: number },
  ) {
    super(failure.errorDescription);
    this.code = failure.errorCode;
  }
}

/** One failed item of createWebSocketAdapters or closeWebSocketAdapters (REST: an item with errorCode/errorDescription). */
export class WebSocketAdapterError extends Error {
  override readonly name = 'WebSocketAdapterError';
  readonly code: Code | AdapterErrorCode;

  constructor(
    failure: AdapterItemError,
    readonly item: { adapterId?: string; location?: Location; sessionId?: string; trackName?: string },
  ) {
    super(failure.errorDescription);
    this.code = failure.errorCode;
  }
}

export const ErrorInterface = builder.interfaceRef<SfuError | TrackError | DataChannelError | WebSocketAdapterError>('Error').implement({
  description: 'A failure the client can act on. `code` is the REST errorCode, `message` its errorDescription.',
  fields: (t) => ({
    code: t.field({ type: ErrorCode, resolve: (error) => error.code }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(SfuError, {
  name: 'SfuError',
  description: 'An operation failed as a whole (REST: a non-2xx answer with this errorCode).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof SfuError,
  fields: () => ({}),
});

builder.objectType(TrackError, {
  name: 'TrackError',
  description: 'One track of a batch failed; the others may have succeeded. Echoes what identified the item.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TrackError,
  fields: (t) => ({
    location: t.field({ type: TrackLocation, nullable: true, resolve: (e) => e.item.location }),
    mid: t.string({ nullable: true, resolve: (e) => e.item.mid }),
    trackName: t.string({ nullable: true, resolve: (e) => e.item.trackName }),
    sessionId: t.id({ nullable: true, description: "The publisher's session (remote tracks).", resolve: (e) => e.item.sessionId }),
  }),
});

builder.objectType(DataChannelError, {
  name: 'DataChannelError',
  description: 'One DataChannel of a batch failed; the others may have succeeded. Echoes what identified the item.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DataChannelError,
  fields: (t) => ({
    location: t.field({ type: TrackLocation, nullable: true, resolve: (e) => e.item.location }),
    sessionId: t.id({ nullable: true, description: "The publisher's session (remote channels).", resolve: (e) => e.item.sessionId }),
    dataChannelName: t.string({ nullable: true, resolve: (e) => e.item.dataChannelName }),
    id: t.int({ nullable: true, description: 'The stream id (closeDataChannels).', resolve: (e) => e.item.id }),
  }),
});

builder.objectType(WebSocketAdapterError, {
  name: 'WebSocketAdapterError',
  description: 'One adapter of a batch failed; the others may have succeeded. Echoes what identified the item (never its endpoint).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof WebSocketAdapterError,
  fields: (t) => ({
    adapterId: t.id({ nullable: true, description: 'closeWebSocketAdapters: the id asked for.', resolve: (e) => e.item.adapterId }),
    location: t.field({ type: TrackLocation, nullable: true, resolve: (e) => e.item.location }),
    sessionId: t.id({ nullable: true, description: "createWebSocketAdapters, egress: the publisher's session asked for.", resolve: (e) => e.item.sessionId }),
    trackName: t.string({ nullable: true, description: 'createWebSocketAdapters: the track asked for.', resolve: (e) => e.item.trackName }),
  }),
});

/**
 * The errors option of every field that calls the service for one session: a whole-operation
 * SfuError becomes the `SfuError` member of the union `unionName` (the result itself is the other).
 */
export function operationErrors(unionName: string) {
  return { types: [SfuError], directResult: true as const, union: { name: unionName } };
}
