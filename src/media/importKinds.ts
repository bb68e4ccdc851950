import type { types } from 'mediasoup';
import type { ConsumedReply, DataConsumedReply, ExporterMessage, PipeReply } from './HostPipeMessages.js';

/** What can be piped between instances: a media or a data producer. */
export type Piped = types.Producer | types.DataProducer;

/** The few steps where importing a media producer and a data producer differ. */
export interface ImportKind<P extends Piped, R extends ConsumedReply | DataConsumedReply> {
  /** How messages name it: "producer", "data producer". */
  noun: string;
  ask(id: string, peerRouterId: string): ExporterMessage;
  isAnswer(reply: PipeReply): reply is R;
  consumerIdOf(reply: R): string;
  /** The twin of the exporter's pipe consumer, with the original's id. */
  produce(transport: types.PipeTransport, reply: R, id: string): Promise<P>;
  closeMessage(consumerId: string): ExporterMessage;
}

export const mediaImport: ImportKind<types.Producer, ConsumedReply> = {
  noun: 'producer',
  ask: (producerId, peerRouterId) => ({ type: 'consume', producerId, peerRouterId }),
  isAnswer: (reply): reply is ConsumedReply => reply.type === 'consumed',
  consumerIdOf: (reply) => reply.consumerId,
  produce: (transport, reply, id) =>
    transport.produce({ id, kind: reply.kind, rtpParameters: reply.rtpParameters, paused: reply.paused, appData: reply.appData }),
  closeMessage: (consumerId) => ({ type: 'closeConsumer', consumerId }),
};

export const dataImport: ImportKind<types.DataProducer, DataConsumedReply> = {
  noun: 'data producer',
  ask: (dataProducerId, peerRouterId) => ({ type: 'consumeData', dataProducerId, peerRouterId }),
  isAnswer: (reply): reply is DataConsumedReply => reply.type === 'dataConsumed',
  consumerIdOf: (reply) => reply.dataConsumerId,
  produce: (transport, reply, id) =>
    transport.produceData({
      id,
      sctpStreamParameters: reply.sctpStreamParameters,
      label: reply.label,
      protocol: reply.protocol,
      appData: reply.appData,
    }),
  closeMessage: (dataConsumerId) => ({ type: 'closeDataConsumer', dataConsumerId }),
};

/** Runs `listener` once when the producer closes, for whatever reason. */
export function onClose(producer: Piped, listener: () => void): void {
  if ('sctpStreamParameters' in producer) producer.observer.once('close', listener);
  else producer.observer.once('close', listener);
}
