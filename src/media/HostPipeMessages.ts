import type { types } from 'mediasoup';

/**
 * The protocol two instances speak to pipe media between their routers. Every message and reply is
 * a plain JSON object; the carrier (HTTP between instances) only has to deliver a message to the
 * other instance's `HostPipes.handle` and bring the reply back.
 *
 * Roles: the instance that wants a producer (the importer, "B") asks the instance holding it (the
 * exporter, "A"). The importer owns each pipe transport pair: it opens it, and closes it when it
 * carries nothing. Ids are mediasoup's: a producer keeps its id on every instance it is piped to.
 */

/** Where a pipe transport receives, as the other host must address it. */
export interface PipeTuple {
  ip: string;
  port: number;
}

// --- Importer -> exporter -------------------------------------------------------------------

/** Pipe `producerId` to the importer's router `peerRouterId` (consume it on the pair's transport). */
export interface ConsumeMessage {
  type: 'consume';
  producerId: string;
  /** The importer's router the producer is wanted on. */
  peerRouterId: string;
}

/** Same as `consume` for a data producer (SCTP over the pipe). */
export interface ConsumeDataMessage {
  type: 'consumeData';
  dataProducerId: string;
  peerRouterId: string;
}

/** Open (or replace) the exporter's side of a pair and connect it to the importer's transport. */
export interface ConnectMessage {
  type: 'connect';
  /** The exporter's router, as named in a `transportNeeded` reply. */
  routerId: string;
  /** The importer's router and transport on it. */
  peerRouterId: string;
  peerTransportId: string;
  tuple: PipeTuple;
  srtpParameters: types.SrtpParameters;
}

/** The importer no longer wants this pipe consumer (its last local consumer went away). */
export interface CloseConsumerMessage {
  type: 'closeConsumer';
  consumerId: string;
}

export interface CloseDataConsumerMessage {
  type: 'closeDataConsumer';
  dataConsumerId: string;
}

/** The importer closed its side of a pair; `transportId` is the exporter's side, to close too. */
export interface CloseTransportMessage {
  type: 'closeTransport';
  transportId: string;
}

// --- Exporter -> importer -------------------------------------------------------------------

/** The exporter's side of a pair closed (router or worker gone, shutdown); close `transportId`. */
export interface TransportClosedMessage {
  type: 'transportClosed';
  /** The importer's side of the pair. */
  transportId: string;
}

/** The original producer behind pipe consumer `consumerId` closed. */
export interface ProducerClosedMessage {
  type: 'producerClosed';
  consumerId: string;
}

/**
 * The original producer behind `consumerId` was paused or resumed. `seq` grows by one per change of
 * that consumer, so a message overtaken by a later one is ignored.
 */
export interface ProducerStateMessage {
  type: 'producerState';
  consumerId: string;
  paused: boolean;
  seq: number;
}

export interface DataProducerClosedMessage {
  type: 'dataProducerClosed';
  dataConsumerId: string;
}

/** Messages an exporter handles. */
export type ExporterMessage =
  | ConsumeMessage
  | ConsumeDataMessage
  | ConnectMessage
  | CloseConsumerMessage
  | CloseDataConsumerMessage
  | CloseTransportMessage;

/** Messages an importer handles. */
export type ImporterMessage = TransportClosedMessage | ProducerClosedMessage | ProducerStateMessage | DataProducerClosedMessage;

export type PipeMessage = ExporterMessage | ImporterMessage;

// --- Replies --------------------------------------------------------------------------------

export interface OkReply {
  type: 'ok';
}

/** The exporter has no transport for this router pair yet: `connect` one, then ask again. */
export interface TransportNeededReply {
  type: 'transportNeeded';
  /** The exporter's router holding the producer. */
  routerId: string;
}

export interface ConnectedReply {
  type: 'connected';
  transportId: string;
  tuple: PipeTuple;
  srtpParameters: types.SrtpParameters;
}

/** Where the pipe consumer lives, so the importer produces on the matching transport. */
interface PipeEnds {
  /** The exporter's router and transport the pipe consumer is on. */
  routerId: string;
  transportId: string;
  /** The importer's transport the exporter's side is connected to. */
  peerTransportId: string;
}

export interface ConsumedReply extends PipeEnds {
  type: 'consumed';
  consumerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  /** Whether the original producer is paused now. */
  paused: boolean;
  appData: Record<string, unknown>;
}

export interface DataConsumedReply extends PipeEnds {
  type: 'dataConsumed';
  dataConsumerId: string;
  sctpStreamParameters: types.SctpStreamParameters;
  label: string;
  protocol: string;
  appData: Record<string, unknown>;
}

/** Why a request failed. `not_found`: no such producer/router/transport on the replying instance. */
export type PipeErrorCode = 'not_found' | 'closed' | 'bad_request' | 'unreachable' | 'failed';

export interface ErrorReply {
  type: 'error';
  code: PipeErrorCode;
  /** Says what was wanted and on which instance. */
  message: string;
}

export type PipeReply = OkReply | TransportNeededReply | ConnectedReply | ConsumedReply | DataConsumedReply | ErrorReply;
