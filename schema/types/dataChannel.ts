import type { DataChannelRequest, DataChannelResult, DataChannelState } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { TrackLocation, TrackStatus } from './enums.js';
import { DataChannelError } from './errors.js';

/** A DataChannel as a session holds it, with the id of that session (a local channel's publisher). */
export type DataChannelShape = DataChannelState & { ownerSessionId: string };

export const DataChannel = builder.objectRef<DataChannelShape>('DataChannel').implement({
  description: [
    'A DataChannel of a session: one it publishes (`local`), one it pulls from another session (`remote`), or the',
    '`server-events` channel the SFU opens itself (`remote`, no publisher session). All run on the session\'s one SCTP association.',
  ].join(' '),
  fields: (t) => ({
    location: t.field({ type: TrackLocation, resolve: (c) => c.location }),
    dataChannelName: t.exposeString('dataChannelName'),
    id: t.exposeInt('id', { description: 'The SCTP stream id on this session: `createDataChannel(name, { negotiated: true, id })`.' }),
    status: t.field({
      type: TrackStatus,
      description: '`initializing` until the SCTP association is up (and, with waitForAck, until acknowledged); `inactive` once closed.',
      resolve: (c) => c.status,
    }),
    sessionId: t.id({
      nullable: true,
      description: "The publisher's session: this session for a local channel, the pulled one's for a remote one; null for server-events.",
      resolve: (c) => (c.location === 'local' ? c.ownerSessionId : c.sessionId),
    }),
  }),
});

/** A channel that datachannels/establish or addDataChannels opened (REST: an item without errorCode). */
export const AddedDataChannel = builder.objectRef<DataChannelResult>('AddedDataChannel').implement({
  description: 'A DataChannel that was opened. Create it on the client with `createDataChannel(dataChannelName, { negotiated: true, id })`.',
  isTypeOf: (value) => !(value instanceof Error),
  fields: (t) => ({
    location: t.field({ type: TrackLocation, nullable: true, resolve: (r) => r.location }),
    sessionId: t.exposeID('sessionId', { nullable: true, description: "The publisher's session (remote channels; none for server-events)." }),
    dataChannelName: t.exposeString('dataChannelName', { nullable: true }),
    id: t.exposeInt('id', { nullable: true, description: 'The SCTP stream id on this session.' }),
    canReply: t.boolean({
      nullable: true,
      description: 'Remote channels: whether this subscriber may send back to the publisher. Null for local channels.',
      resolve: (r) => canReplyOf(r),
    }),
  }),
});

export const DataChannelInput = builder.inputType('DataChannelInput', {
  description: "One DataChannel of addDataChannels (or establishDataChannels), as REST's DataChannelObject.",
  fields: (t) => ({
    location: t.field({ type: TrackLocation, required: true, description: '`local` publishes, `remote` pulls.' }),
    dataChannelName: t.string({ description: 'The name to publish under (local) or to pull (remote). `server-events` is reserved.' }),
    sessionId: t.id({ description: "The publisher's session (remote only)." }),
    ordered: t.boolean({ description: 'Default true. A subscriber mirrors the publication\'s ordered, maxRetransmits and maxPacketLifeTime.' }),
    maxRetransmits: t.field({ type: 'UInt16', description: 'At most one of maxRetransmits and maxPacketLifeTime; a limit above 0 needs ordered: false.' }),
    maxPacketLifeTime: t.field({ type: 'UInt16', description: 'In milliseconds.' }),
    waitForAck: t.boolean({ description: "Remote only: deliver nothing until the subscriber's first message (which is consumed). Default false." }),
    canReply: t.boolean({ description: 'Remote only: this subscriber may send back to the publisher (one holder per publication). Default false.' }),
  }),
});

/** The service's request for one DataChannelInput (GraphQL's nulls become absent fields). */
export function dataChannelRequestFromInput(input: typeof DataChannelInput.$inferInput): DataChannelRequest {
  const request: DataChannelRequest = { location: input.location };
  if (input.dataChannelName != null) request.dataChannelName = input.dataChannelName;
  if (input.sessionId != null) request.sessionId = String(input.sessionId);
  if (input.ordered != null) request.ordered = input.ordered;
  if (input.maxRetransmits != null) request.maxRetransmits = input.maxRetransmits;
  if (input.maxPacketLifeTime != null) request.maxPacketLifeTime = input.maxPacketLifeTime;
  if (input.waitForAck != null) request.waitForAck = input.waitForAck;
  if (input.canReply != null) request.canReply = input.canReply;
  return request;
}

/** One service result as the union member it is: the result itself, or a DataChannelError echoing the item. */
export function dataChannelOutcome(result: DataChannelResult): DataChannelResult | DataChannelError {
  if (!result.errorCode) return result;
  const { errorCode, errorDescription, canReply: _canReply, ...item } = result;
  return new DataChannelError({ errorCode, errorDescription: errorDescription ?? errorCode }, item);
}

export function canReplyOf(result: DataChannelResult): boolean | null {
  return result.location === 'remote' ? result.canReply === true : null;
}
