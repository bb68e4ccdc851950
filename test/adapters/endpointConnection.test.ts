import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { EndpointConnection, type EndpointConnectionOptions } from '../../src/service/adapters/EndpointConnection.js';
import type { Packet } from '../../src/service/adapters/packet.js';
import { silentLogger, type Logger } from '../../src/service/Logger.js';
import { endpoint } from '../helpers/adapterEndpoint.js';
import { eventually } from '../helpers/eventually.js';

const packet = (sequenceNumber: number): Packet => ({ sequenceNumber, timestamp: sequenceNumber * 960, payload: Buffer.alloc(8, sequenceNumber) });

describe('EndpointConnection: the egress socket across endpoint restarts', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function connect(url: string, options: Partial<EndpointConnectionOptions> = {}): Promise<{ connection: EndpointConnection; lost: string[] }> {
    const lost: string[] = [];
    const connection = await EndpointConnection.connect({
      endpoint: url,
      handshakeTimeoutMs: 5000,
      backlog: 4,
      log: silentLogger,
      logFields: {},
      onLost: (reason) => lost.push(reason),
      ...options,
    });
    cleanup.push(() => connection.close());
    return { connection, lost };
  }

  it('keeps the newest packets while the endpoint is away, dropping the oldest, and flushes them in order on reconnect', async () => {
    const first = await endpoint();
    cleanup.push(() => first.stop());
    const { connection } = await connect(first.url);
    for (let i = 0; i < 3; i++) connection.send(packet(i));
    await eventually('the first packets', () => first.packets.length === 3);
    await first.stop();
    await eventually('reconnecting', () => connection.reconnecting);
    for (let i = 3; i < 13; i++) connection.send(packet(i));

    const second = await endpoint(first.port);
    cleanup.push(() => second.stop());
    await eventually('the backlog flushed', () => second.packets.length === 4);
    connection.send(packet(13));
    await eventually('a live packet', () => second.packets.length === 5);
    expect(second.packets.map((p) => p.sequenceNumber)).toEqual([9, 10, 11, 12, 13]);
    expect(connection.bytesSent).toBe(8 * 8);
  });

  it('with a backlog of one, only the latest packet survives the outage (JPEG)', async () => {
    const first = await endpoint();
    cleanup.push(() => first.stop());
    const { connection } = await connect(first.url, { backlog: 1 });
    await first.stop();
    await eventually('reconnecting', () => connection.reconnecting);
    for (let i = 0; i < 5; i++) connection.send(packet(i));

    const second = await endpoint(first.port);
    cleanup.push(() => second.stop());
    await eventually('the flushed packet', () => second.packets.length === 1);
    connection.send(packet(5));
    await eventually('a live packet', () => second.packets.length === 2);
    expect(second.packets.map((p) => p.sequenceNumber)).toEqual([4, 5]);
  });

  it('gives up after the window when the endpoint stays away, logging the disconnect and each failed attempt', async () => {
    const target = await endpoint();
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => void lines.push({ level, message });
    const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const { connection, lost } = await connect(target.url, { reconnectWindowMs: 1000, log });
    await target.stop();
    await eventually('given up', () => lost.length === 1, 5000);
    expect(lost).toEqual(['the endpoint stayed unreachable for 1 s']);
    expect(connection.closed).toBe(true);
    expect(lines[0]).toEqual({ level: 'warn', message: 'websocket adapter endpoint disconnected, reconnecting' });
    expect(lines.filter((l) => l.message === 'websocket adapter reconnect attempt failed').length).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toEqual({ level: 'warn', message: 'websocket adapter endpoint lost' });
  });

  it('gives up after one window on an endpoint that accepts and at once closes, instead of looping', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    cleanup.push(() => server.close());
    let accepted = 0;
    server.on('connection', (socket) => {
      accepted++;
      // The first socket stays up until the test is connected; every later one is closed at once.
      if (accepted > 1) socket.close(1011, 'not now');
    });
    const port = (server.address() as { port: number }).port;
    const { lost } = await connect(`ws://127.0.0.1:${port}/`, { reconnectWindowMs: 1500 });
    for (const client of server.clients) client.close(1001, 'restarting');
    await eventually('given up', () => lost.length === 1, 6000);
    expect(accepted).toBeGreaterThan(2);
  });

  it('close() during a reconnect drops the pending handshake at once and retries no more', async () => {
    const first = await endpoint();
    const { connection } = await connect(first.url);
    await first.stop();
    // On the same port, a server that takes the TCP connection and never answers the upgrade.
    const held: Socket[] = [];
    const closedByPeer: Socket[] = [];
    const silent = createServer((socket) => {
      held.push(socket);
      // Read (and ignore) the upgrade request, so the client's hang-up is seen.
      socket.resume();
      socket.on('close', () => closedByPeer.push(socket));
    });
    await new Promise<void>((resolve) => silent.listen(first.port, '127.0.0.1', () => resolve()));
    cleanup.push(() => new Promise((resolve) => silent.close(resolve)));
    cleanup.push(() => held.forEach((socket) => socket.destroy()));

    await eventually('a reconnect attempt', () => held.length === 1, 5000);
    connection.close();
    await eventually('the attempt dropped', () => closedByPeer.length === 1, 2000);
    // Longer than the longest backoff: no further attempt comes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(held).toHaveLength(1);
    expect(connection.reconnecting).toBe(false);
  });
});
