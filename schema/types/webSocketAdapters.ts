import { isItemError, type CloseAdapterResult, type NewAdapterItem, type NewAdapterResult, type TrackLocation as Location } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { AdapterCodec, AdapterInputCodec, TrackLocation } from './enums.js';
import { operationErrors, WebSocketAdapterError } from './errors.js';

/*
 * The WebSocket adapter (REST: adapters/websocket/new and /close, docs/adapters-websocket.md).
 * What a request must satisfy (1 to 4 items, a ws:// or wss:// endpoint, the fields each location
 * needs) and who may call (the app secret) are the service's rules: a request that breaks one is
 * an SfuError result, one item's failure a WebSocketAdapterError.
 */

interface CreatedItem {
  adapterId: string;
  trackName: string;
  location: Location;
  sessionId: string;
  endpoint: string;
}

const CreatedWebSocketAdapter = builder.objectRef<CreatedItem>('CreatedWebSocketAdapter').implement({
  description: 'An adapter that was started. Close it with closeWebSocketAdapters(adapterIds: [adapterId]).',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    adapterId: t.exposeID('adapterId'),
    trackName: t.exposeString('trackName'),
    location: t.field({ type: TrackLocation, resolve: (a) => a.location }),
    sessionId: t.exposeID('sessionId', { description: 'Egress: the source session asked for. Ingest: the new session the adapter publishes in.' }),
    endpoint: t.exposeString('endpoint', { description: 'As given (REST echoes it too); never put in events or logs.' }),
  }),
});

interface ClosedItem {
  adapterId: string;
  bytesProcessed: number | undefined;
}

const ClosedWebSocketAdapter = builder.objectRef<ClosedItem>('ClosedWebSocketAdapter').implement({
  description: 'An adapter that is closed now.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    adapterId: t.exposeID('adapterId'),
    bytesProcessed: t.float({
      nullable: true,
      description: 'Payload bytes it sent (egress) or received (ingest); null when it had closed before this call (closing is idempotent).',
      resolve: (a) => a.bytesProcessed,
    }),
  }),
});

const CreateWebSocketAdaptersPayload = builder.objectRef<{ adapters: (CreatedItem | WebSocketAdapterError)[] }>('CreateWebSocketAdaptersPayload').implement({
  fields: (t) => ({
    adapters: t.errorUnionListField({
      types: [CreatedWebSocketAdapter, WebSocketAdapterError],
      union: { name: 'CreateWebSocketAdapterOutcome' },
      description: 'One outcome per requested adapter, in request order.',
      resolve: (p) => p.adapters,
    }),
  }),
});

const CloseWebSocketAdaptersPayload = builder.objectRef<{ adapters: (ClosedItem | WebSocketAdapterError)[] }>('CloseWebSocketAdaptersPayload').implement({
  fields: (t) => ({
    adapters: t.errorUnionListField({
      types: [ClosedWebSocketAdapter, WebSocketAdapterError],
      union: { name: 'CloseWebSocketAdapterOutcome' },
      description: 'One outcome per id, in request order; an id this app never had fails with adapter_not_found.',
      resolve: (p) => p.adapters,
    }),
  }),
});

const WebSocketAdapterInput = builder.inputType('WebSocketAdapterInput', {
  description: 'One adapter (REST: an item of adapters/websocket/new).',
  fields: (t) => ({
    location: t.field({
      type: TrackLocation,
      required: true,
      description: "`remote` (egress): stream `sessionId`'s track `trackName` to the endpoint as `outputCodec`. `local` (ingest): publish what the endpoint sends as track `trackName` of a new session.",
    }),
    trackName: t.string({ required: true }),
    endpoint: t.string({ required: true, description: 'The ws:// or wss:// URL the SFU connects to. It may carry a credential: it is never put in events or logs.' }),
    sessionId: t.id({ description: "Egress (required): the publisher's session. Ignored for ingest." }),
    outputCodec: t.field({ type: AdapterCodec, description: 'Egress (required): `pcm` for an audio track, `jpeg` for a video track.' }),
    inputCodec: t.field({ type: AdapterInputCodec, description: 'Ingest (required).' }),
  }),
});

type AdapterInput = typeof WebSocketAdapterInput.$inferInput;

function adapterItemFromInput(input: AdapterInput): NewAdapterItem {
  const item: NewAdapterItem = { location: input.location, trackName: input.trackName, endpoint: input.endpoint };
  if (input.sessionId != null) item.sessionId = String(input.sessionId);
  if (input.outputCodec != null) item.outputCodec = input.outputCodec;
  if (input.inputCodec != null) item.inputCodec = input.inputCodec;
  return item;
}

function createdOutcome(result: NewAdapterResult, item: NewAdapterItem): CreatedItem | WebSocketAdapterError {
  const { trackName, location, sessionId } = item;
  if (isItemError(result)) return new WebSocketAdapterError(result, { trackName, location, ...(sessionId !== undefined ? { sessionId } : {}) });
  return { adapterId: result.adapterId, trackName, location, sessionId: result.sessionId ?? sessionId!, endpoint: result.endpoint };
}

function closedOutcome(result: CloseAdapterResult): ClosedItem | WebSocketAdapterError {
  if (isItemError(result)) return new WebSocketAdapterError(result, { adapterId: result.adapterId });
  return { adapterId: result.adapterId, bytesProcessed: result.bytesProcessed };
}

builder.mutationField('createWebSocketAdapters', (t) =>
  t.field({
    type: CreateWebSocketAdaptersPayload,
    description: [
      "Starts 1 to 4 WebSocket adapters (REST: POST /adapters/websocket/new). Egress streams a published track to the endpoint as PCM (audio) or JPEG (video);",
      'ingest publishes the PCM the endpoint sends (docs/adapters-websocket.md says what is implemented). Only the app secret may call it. Each adapter is announced as WebSocketAdapterOpened in `events`.',
    ].join('\n'),
    errors: operationErrors('CreateWebSocketAdaptersResult'),
    args: { tracks: t.arg({ type: [WebSocketAdapterInput], required: true }) },
    resolve: async (_root, { tracks }, { service, caller }) => {
      const items = tracks.map(adapterItemFromInput);
      const results = await service.newWebSocketAdapters(caller, items);
      return { adapters: results.map((result, i) => createdOutcome(result, items[i]!)) };
    },
  }),
);

builder.mutationField('closeWebSocketAdapters', (t) =>
  t.field({
    type: CloseWebSocketAdaptersPayload,
    description:
      'Closes 1 to 4 WebSocket adapters by id (REST: POST /adapters/websocket/close); closing one already closed succeeds again. Only the app secret may call it. Each closes with WebSocketAdapterClosed in `events`.',
    errors: operationErrors('CloseWebSocketAdaptersResult'),
    args: { adapterIds: t.arg.idList({ required: true }) },
    resolve: async (_root, { adapterIds }, { service, caller }) => ({
      adapters: (await service.closeWebSocketAdapters(caller, adapterIds.map(String))).map(closedOutcome),
    }),
  }),
);
