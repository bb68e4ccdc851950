import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/media/WorkerPool.js';
import { vp8Codec } from '../helpers/directMedia.js';

describe('WorkerPool pipes between its workers', () => {
  let pool: WorkerPool;
  /** Producers the second worker's router got from pipes. */
  const piped: types.Producer[] = [];

  beforeAll(async () => {
    pool = await WorkerPool.create({ workers: 2, logLevel: 'warn', listenIp: '127.0.0.1', rtcMinPort: 46300, rtcMaxPort: 46399 });
    pool.workers[1]!.router.observer.on('newtransport', (transport) => {
      transport.observer.on('newproducer', (producer) => piped.push(producer));
    });
  });

  afterAll(() => pool?.close());

  it('repairs loss on the pipe: the piped video carries RTX and NACK, so a dropped packet is resent, not lost for every subscriber behind it', async () => {
    const [source, target] = pool.workers as [(typeof pool.workers)[0], (typeof pool.workers)[0]];
    const direct = await source.router.createDirectTransport();
    const producer = await direct.produce({ kind: 'video', rtpParameters: { codecs: [vp8Codec], encodings: [{ ssrc: 1111 }] } });
    await pool.reach(producer, source, target);
    const pipeProducer = piped.find((p) => p.id === producer.id);
    expect(pipeProducer).toBeDefined();
    const codecs = pipeProducer!.rtpParameters.codecs.map((c) => c.mimeType.toLowerCase());
    expect(codecs).toContain('video/rtx');
    expect(pipeProducer!.rtpParameters.encodings?.[0]?.rtx?.ssrc).toBeGreaterThan(0);
    expect(pipeProducer!.rtpParameters.codecs.find((c) => c.mimeType === 'video/VP8')?.rtcpFeedback).toContainEqual({ type: 'nack', parameter: '' });
    direct.close();
  });
});
