import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostPipes, type HostPipesOptions } from '../../src/media/HostPipes.js';
import type { PipeMessage, PipeReply } from '../../src/media/HostPipeMessages.js';
import type { Located } from '../../src/media/PipeExports.js';
import { routerMediaCodecs } from '../../src/media/routerCodecs.js';
import { eventually, pumpVideo, vp8Codec } from '../helpers/directMedia.js';

/** One instance of the cluster: its own worker and router, a DirectTransport to feed or drain media, its HostPipes. */
interface Instance {
  id: string;
  worker: types.Worker;
  router: types.Router;
  direct: types.DirectTransport;
  producers: Map<string, Located<types.Producer>>;
  dataProducers: Map<string, Located<types.DataProducer>>;
  pipes: HostPipes;
  /** Messages it sent, by type. */
  sent: PipeMessage['type'][];
  /** When set, a send of this instance fails as an unreachable peer would. */
  failSend?: (message: PipeMessage) => boolean;
  /** Runs before a reply reaches this instance, to make things happen mid-handshake. */
  beforeReply?: (message: PipeMessage, reply: PipeReply) => Promise<void>;
}

const silent = { debug() {}, warn() {} };

/** The router's dump, as far as these tests read it (mediasoup 3.12 types it `any`). */
async function transportIdsOf(router: types.Router): Promise<string[]> {
  return ((await router.dump()) as { transportIds: string[] }).transportIds;
}

/** JSON in, JSON out: what crosses between instances must survive serialization. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('HostPipes between two instances on one Redis (two workers, UDP on 127.0.0.1)', () => {
  const media: { worker: types.Worker; router: types.Router; direct: types.DirectTransport }[] = [];
  /** Every pipe transport each router opened, to look at their tuples and SRTP. */
  const pipeTransports = new Map<types.Router, types.PipeTransport[]>();
  let a: Instance;
  let b: Instance;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    for (const [min, max] of [
      [46000, 46099],
      [46100, 46199],
    ] as const) {
      const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: min, rtcMaxPort: max });
      const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
      media.push({ worker, router, direct: await router.createDirectTransport() });
      const opened: types.PipeTransport[] = [];
      pipeTransports.set(router, opened);
      router.observer.on('newtransport', (transport) => {
        if (transport.constructor.name === 'PipeTransport') opened.push(transport as types.PipeTransport);
      });
    }
  });

  afterAll(async () => {
    for (const { worker } of media) {
      const exited = new Promise<void>((resolve) => worker.observer.once('close', () => resolve()));
      worker.close();
      await exited;
    }
  });

  /** Instances a and b, each with its own HostPipes whose `send` calls the other's `handle`. */
  function makeCluster(extra: Partial<HostPipesOptions> = {}): void {
    const instances = new Map<string, Instance>();
    const make = (id: string, index: number): Instance => {
      const { worker, router, direct } = media[index]!;
      const producers = new Map<string, Located<types.Producer>>();
      const dataProducers = new Map<string, Located<types.DataProducer>>();
      const instance: Instance = {
        id,
        worker,
        router,
        direct,
        producers,
        dataProducers,
        sent: [],
        pipes: new HostPipes({
          instanceId: id,
          listenIp: '127.0.0.1',
          send: async (to: string, message: PipeMessage): Promise<PipeReply> => {
            instance.sent.push(message.type);
            if (instance.failSend?.(message)) throw new Error(`connect ECONNREFUSED (instance ${to})`);
            const peer = instances.get(to);
            if (!peer) throw new Error(`no instance ${to}`);
            const reply = overTheWire(await peer.pipes.handle(id, overTheWire(message)));
            await instance.beforeReply?.(message, reply);
            return reply;
          },
          findProducer: (producerId) => producers.get(producerId),
          findDataProducer: (dataProducerId) => dataProducers.get(dataProducerId),
          log: silent,
          ...extra,
        }),
      };
      instances.set(id, instance);
      return instance;
    };
    a = make('a', 0);
    b = make('b', 1);
  }

  beforeEach(() => {
    for (const opened of pipeTransports.values()) opened.length = 0;
    makeCluster();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    a.pipes.close();
    b.pipes.close();
    // Whatever a test did, closing both leaves each router with its DirectTransport only.
    await eventually('no pipe transports left', async () => {
      const dumps = await Promise.all([transportIdsOf(a.router), transportIdsOf(b.router)]);
      return dumps.every((ids, i) => ids.length === 1 && ids[0] === media[i]!.direct.id);
    });
  });

  async function publishVideo(ssrcs = [1111]): Promise<types.Producer> {
    const producer = await a.direct.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [vp8Codec],
        encodings: ssrcs.map((ssrc) => ({ ssrc, ...(ssrcs.length > 1 ? { scalabilityMode: 'L1T1' } : {}) })),
      },
      appData: { trackName: 'camera' },
    });
    a.producers.set(producer.id, { producer, router: a.router });
    producer.observer.once('close', () => a.producers.delete(producer.id));
    cleanups.push(() => producer.close(), pumpVideo(producer, ssrcs));
    return producer;
  }

  async function consumeOnB(producerId: string): Promise<{ consumer: types.Consumer; packets: () => number }> {
    const consumer = await b.direct.consume({ producerId, rtpCapabilities: b.router.rtpCapabilities });
    let packets = 0;
    consumer.on('rtp', () => packets++);
    cleanups.push(() => consumer.close());
    return { consumer, packets: () => packets };
  }

  async function pipeTransportsOf(router: types.Router, direct: types.DirectTransport): Promise<number> {
    return (await transportIdsOf(router)).filter((id) => id !== direct.id).length;
  }

  it('carries RTP published on A to a consumer on B across the SRTP pipe, same producer id on both', async () => {
    const original = await publishVideo();
    const started = performance.now();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const imported = performance.now();
    expect(lease.producer.id).toBe(original.id);
    expect(lease.producer.kind).toBe('video');
    expect(lease.producer.appData).toEqual({ trackName: 'camera' });
    // RTX/NACK across the pipe (enableRtx on both sides): an rtx codec and an rtx ssrc per encoding.
    expect(lease.producer.rtpParameters.codecs.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/rtx']);
    expect(lease.producer.rtpParameters.encodings?.[0]?.rtx?.ssrc).toBeTypeOf('number');
    const { packets } = await consumeOnB(original.id);
    await eventually('packets on B', () => packets() > 0);
    const firstPacket = performance.now();
    await eventually('30 packets on B', () => packets() >= 30);

    const [aSide, bSide] = [pipeTransports.get(a.router)!, pipeTransports.get(b.router)!];
    expect([aSide.length, bSide.length]).toEqual([1, 1]);
    for (const [local, remote] of [
      [aSide[0]!, bSide[0]!],
      [bSide[0]!, aSide[0]!],
    ] as const) {
      expect(local.srtpParameters?.cryptoSuite).toBe('AEAD_AES_256_GCM');
      expect(local.tuple).toMatchObject({ localIp: '127.0.0.1', remoteIp: '127.0.0.1', remotePort: remote.tuple.localPort, protocol: 'udp' });
    }
    const [stats] = await bSide[0]!.getStats();
    expect(stats?.rtpBytesReceived).toBeGreaterThan(0);
    expect((await lease.producer.getStats())[0]?.packetCount).toBeGreaterThan(0);
    expect(b.pipes.counts).toEqual({ importTransports: 1, imports: 1, exportTransports: 0, exportConsumers: 0 });
    expect(a.pipes.counts).toEqual({ importTransports: 0, imports: 0, exportTransports: 1, exportConsumers: 1 });
    console.info(
      `first import ${(imported - started).toFixed(1)} ms (messages: ${b.sent.join(', ')}); first packet on B ${(firstPacket - imported).toFixed(1)} ms after`,
    );
    lease.release();
  });

  it('takes pipe ports from its own range, stepping over ports in use', async () => {
    a.pipes.close();
    b.pipes.close();
    // Both instances share one host here, so one range: B's socket takes the first port, A skips it.
    makeCluster({ portRange: { min: 46300, max: 46303 } });
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { packets } = await consumeOnB(original.id);
    await eventually('packets on B', () => packets() > 5);
    expect(pipeTransports.get(b.router)![0]!.tuple.localPort).toBe(46300);
    expect(pipeTransports.get(a.router)![0]!.tuple.localPort).toBe(46301);
    lease.release();
  });

  it('gives two consumers on B one pipe producer and one transport pair, and a second producer the same pair', async () => {
    const original = await publishVideo();
    const [first, second] = await Promise.all([
      b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router }),
      b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router }),
    ]);
    expect(first.producer).toBe(second.producer);
    const one = await consumeOnB(original.id);
    const two = await consumeOnB(original.id);
    await eventually('packets to both consumers', () => one.packets() > 10 && two.packets() > 10);
    expect(a.sent).toEqual([]);
    expect(b.sent.filter((t) => t === 'consume')).toHaveLength(2); // transportNeeded, then consumed
    expect(b.sent.filter((t) => t === 'connect')).toHaveLength(1);
    expect(a.pipes.counts.exportConsumers).toBe(1);

    const another = await publishVideo([2222]);
    const sentBefore = b.sent.length;
    const third = await b.pipes.importProducer({ fromInstance: 'a', producerId: another.id, router: b.router });
    expect(b.sent.slice(sentBefore)).toEqual(['consume']); // the pair is reused: one round trip
    expect(await pipeTransportsOf(a.router, a.direct)).toBe(1);
    expect(await pipeTransportsOf(b.router, b.direct)).toBe(1);
    expect(a.pipes.counts.exportConsumers).toBe(2);
    for (const lease of [first, second, third]) lease.release();
  });

  it('closes the pipe producer on B, the pipe consumer on A and the transports when the last lease is released', async () => {
    const original = await publishVideo();
    const first = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const second = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer } = await consumeOnB(original.id);
    first.release();
    first.release(); // twice is once
    expect(second.producer.closed).toBe(false);
    const producerClosed = new Promise((resolve) => consumer.once('producerclose', () => resolve('producerclose')));
    second.release();
    expect(second.producer.closed).toBe(true);
    expect(await producerClosed).toBe('producerclose');
    await eventually('A closed its pipe consumer and transport', () => a.pipes.counts.exportConsumers === 0 && a.pipes.counts.exportTransports === 0);
    expect(b.pipes.counts).toEqual({ importTransports: 0, imports: 0, exportTransports: 0, exportConsumers: 0 });
    expect(await pipeTransportsOf(a.router, a.direct)).toBe(0);
    expect(await pipeTransportsOf(b.router, b.direct)).toBe(0);
    expect(original.closed).toBe(false);
  });

  it("turns A's producer closing into producerclose for B's consumers", async () => {
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer } = await consumeOnB(original.id);
    const producerClosed = new Promise((resolve) => consumer.once('producerclose', () => resolve(true)));
    original.close();
    expect(await producerClosed).toBe(true);
    expect(lease.producer.closed).toBe(true);
    lease.release(); // after the fact: nothing to do
    await eventually('the idle pair closed on both sides', () => a.pipes.counts.exportTransports === 0 && b.pipes.counts.importTransports === 0);
  });

  it("follows A's pause and resume, so B's consumers see producerPaused", async () => {
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer, packets } = await consumeOnB(original.id);
    await eventually('packets before pausing', () => packets() > 5);

    const paused = new Promise((resolve) => consumer.once('producerpause', () => resolve(true)));
    await original.pause();
    expect(await paused).toBe(true);
    expect(consumer.producerPaused).toBe(true);
    // The consumer hears of the pause before the pipe producer's own pause() call has returned.
    await eventually('the pipe producer paused', () => lease.producer.paused);
    await new Promise((r) => setTimeout(r, 60));
    const whilePaused = packets();
    await new Promise((r) => setTimeout(r, 150));
    expect(packets()).toBe(whilePaused);

    const resumed = new Promise((resolve) => consumer.once('producerresume', () => resolve(true)));
    await original.resume();
    expect(await resumed).toBe(true);
    expect(consumer.producerPaused).toBe(false);
    await eventually('packets after resuming', () => packets() > whilePaused + 5);
    lease.release();
  });

  it('imports a producer paused on A as paused', async () => {
    const original = await publishVideo();
    await original.pause();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    expect(lease.producer.paused).toBe(true);
    const { consumer } = await consumeOnB(original.id);
    expect(consumer.producerPaused).toBe(true);
    lease.release();
  });

  it("delivers a data producer's messages on A to a data consumer on B over SCTP", async () => {
    const dataProducer = await a.direct.produceData({ label: 'chat', protocol: 'json', appData: { room: 'r1' } });
    a.dataProducers.set(dataProducer.id, { producer: dataProducer, router: a.router });
    cleanups.push(() => dataProducer.close());
    const lease = await b.pipes.importDataProducer({ fromInstance: 'a', dataProducerId: dataProducer.id, router: b.router });
    expect(lease.producer.id).toBe(dataProducer.id);
    expect(lease.producer.label).toBe('chat');
    const dataConsumer = await b.direct.consumeData({ dataProducerId: dataProducer.id });
    cleanups.push(() => dataConsumer.close());
    const received: string[] = [];
    dataConsumer.on('message', (message: Buffer) => received.push(message.toString()));
    // The SCTP association comes up over the pipe shortly after connect; until then sends are dropped.
    let n = 0;
    await eventually('a message on B', () => {
      dataProducer.send(`hello ${n++}`);
      return received.length > 0;
    });
    expect(received[0]).toMatch(/^hello \d+$/);

    const closed = new Promise((resolve) => dataConsumer.once('dataproducerclose', () => resolve(true)));
    dataProducer.close();
    expect(await closed).toBe(true);
    expect(lease.producer.closed).toBe(true);
    await eventually('the idle pair closed', () => a.pipes.counts.exportTransports === 0 && b.pipes.counts.importTransports === 0);
  });

  it('rejects an import of a producer A does not have, saying which producer on which instance', async () => {
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: 'nope', router: b.router })).rejects.toThrow(
      'producer nope not found on instance a',
    );
    await expect(b.pipes.importDataProducer({ fromInstance: 'a', dataProducerId: 'nada', router: b.router })).rejects.toMatchObject({
      code: 'not_found',
      message: 'data producer nada not found on instance a',
    });
    // With a pair open, the same answer: the producer is looked up first.
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: 'nope', router: b.router })).rejects.toThrow(
      'producer nope not found on instance a',
    );
    expect(a.pipes.counts.exportConsumers).toBe(1);
    lease.release();
    await eventually('nothing left open', () => a.pipes.counts.exportTransports === 0 && b.pipes.counts.importTransports === 0);
  });

  it('rejects an import when A is unreachable, at any step, and leaves nothing half-open', async () => {
    const original = await publishVideo();
    b.failSend = () => true;
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining(`instance a is unreachable, could not import producer ${original.id} from instance a`),
    });

    // Unreachable after B opened its side, before A answered the connect.
    b.failSend = (message) => message.type === 'connect';
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router })).rejects.toThrow(/unreachable/);
    expect(await pipeTransportsOf(b.router, b.direct)).toBe(0);
    expect(b.pipes.counts.importTransports).toBe(0);

    // Unreachable on the second consume: A opened its side of the pair; B closes its own and tells A.
    let consumes = 0;
    b.failSend = (message) => message.type === 'consume' && ++consumes === 2;
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router })).rejects.toThrow(/unreachable/);
    b.failSend = undefined;
    await eventually('both sides closed', async () => (await pipeTransportsOf(a.router, a.direct)) === 0 && b.pipes.counts.importTransports === 0);
    expect(b.pipes.counts.imports).toBe(0);

    // And then it works.
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    expect(lease.producer.closed).toBe(false);
    lease.release();
  });

  it('applies a pause that overtakes the consume reply, and fails an import whose producer closes meanwhile', async () => {
    const original = await publishVideo();
    const deliveredToB = () => eventually('the news sent to B', () => a.sent.length > 0);
    b.beforeReply = async (_message, reply) => {
      if (reply.type !== 'consumed' || a.sent.length > 0) return;
      await original.pause();
      await deliveredToB();
    };
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    expect(a.sent).toEqual(['producerState']);
    expect(lease.producer.paused).toBe(true);
    lease.release();

    const another = await publishVideo([2222]);
    a.sent.length = 0;
    b.beforeReply = async (_message, reply) => {
      if (reply.type !== 'consumed' || a.sent.length > 0) return;
      another.close();
      await deliveredToB();
    };
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: another.id, router: b.router })).rejects.toThrow(
      `producer ${another.id} from instance a closed while being imported`,
    );
    expect(b.pipes.counts.imports).toBe(0);
    await eventually('the pair closed on both sides', () => a.pipes.counts.exportTransports === 0 && b.pipes.counts.importTransports === 0);
  });

  it('gives up an import under way when its instance is declared lost', async () => {
    const original = await publishVideo();
    b.beforeReply = async (message) => {
      if (message.type === 'connect') b.pipes.instanceLost('a');
    };
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router })).rejects.toMatchObject({
      code: 'unreachable',
      message: `instance a was lost while importing producer ${original.id} from instance a`,
    });
    expect(b.pipes.counts).toEqual({ importTransports: 0, imports: 0, exportTransports: 0, exportConsumers: 0 });
    expect(await pipeTransportsOf(b.router, b.direct)).toBe(0);
    a.pipes.instanceLost('b');
    expect(await pipeTransportsOf(a.router, a.direct)).toBe(0);
  });

  it('closes everything imported from and exported to a lost instance; its producers end as producerclose on B', async () => {
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer } = await consumeOnB(original.id);
    const producerClosed = new Promise((resolve) => consumer.once('producerclose', () => resolve(true)));
    const sentBefore = b.sent.length;
    b.pipes.instanceLost('a');
    expect(await producerClosed).toBe(true);
    expect(lease.producer.closed).toBe(true);
    expect(b.pipes.counts).toEqual({ importTransports: 0, imports: 0, exportTransports: 0, exportConsumers: 0 });
    expect(b.sent.length).toBe(sentBefore); // nothing sent to the dead
    expect(a.pipes.counts.exportTransports).toBe(1);
    a.pipes.instanceLost('b');
    expect(a.pipes.counts).toEqual({ importTransports: 0, imports: 0, exportTransports: 0, exportConsumers: 0 });
    expect(await pipeTransportsOf(a.router, a.direct)).toBe(0);
    expect(await pipeTransportsOf(b.router, b.direct)).toBe(0);
    lease.release();
  });

  it('tells the other instance when it closes, and closing twice is fine', async () => {
    const original = await publishVideo();
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer } = await consumeOnB(original.id);
    const producerClosed = new Promise((resolve) => consumer.once('producerclose', () => resolve(true)));
    a.pipes.close();
    a.pipes.close();
    expect(await producerClosed).toBe(true);
    await eventually('B closed its side', () => b.pipes.counts.importTransports === 0 && b.pipes.counts.imports === 0);
    await expect(b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router })).rejects.toMatchObject({
      code: 'closed',
    });
    lease.release();
  });

  it('keeps all simulcast encodings in the pipe producer, so a consumer on B picks its layer', async () => {
    const ssrcs = [3001, 3002, 3003];
    const original = await publishVideo(ssrcs);
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    expect(lease.producer.type).toBe('simulcast');
    expect(lease.producer.rtpParameters.encodings).toHaveLength(3);
    const { consumer, packets } = await consumeOnB(original.id);
    expect(consumer.type).toBe('simulcast');
    await eventually('packets of the top layer', () => consumer.currentLayers?.spatialLayer === 2 && packets() > 5);
    await consumer.setPreferredLayers({ spatialLayer: 0, temporalLayer: 0 });
    expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    await eventually('the consumer on the lowest layer', () => consumer.currentLayers?.spatialLayer === 0);
    await consumer.setPreferredLayers({ spatialLayer: 1, temporalLayer: 0 });
    await eventually('the consumer on the middle layer', () => consumer.currentLayers?.spatialLayer === 1);
    lease.release();
  });

  it("carries a keyframe request from B's consumer across the pipe to A's producer as a PLI", async () => {
    const original = await publishVideo();
    const requests: string[] = [];
    await original.enableTraceEvent(['pli', 'fir']);
    original.on('trace', (trace) => requests.push(trace.type));
    const lease = await b.pipes.importProducer({ fromInstance: 'a', producerId: original.id, router: b.router });
    const { consumer, packets } = await consumeOnB(original.id);
    await eventually('packets on B', () => packets() > 5);
    await new Promise((r) => setTimeout(r, 200)); // past the start-up requests
    const before = requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(requests.length).toBe(before); // every packet is a key frame: nobody asks on their own
    await consumer.requestKeyFrame();
    await eventually('a PLI out of A', () => requests.length > before);
    expect(requests.at(-1)).toBe('pli');
    lease.release();
  });
});
