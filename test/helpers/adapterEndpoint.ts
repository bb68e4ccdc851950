import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodePacket, type Packet } from '../../src/service/adapters/packet.js';
import type { SfuApi } from '../../src/service/index.js';
import type { SfuService } from '../../src/service/SfuService.js';
import type { CallsClient } from './callsClient.js';

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface Endpoint {
  url: string;
  port: number;
  packets: Packet[];
  sockets: WebSocket[];
  /** How each socket ended: the close code and reason it saw. */
  closes: { code: number; reason: string }[];
  closed: Promise<void>;
  server: WebSocketServer;
  /** The endpoint going away as a crashed process does: every socket dropped (no close frame), then the port refuses. */
  stop(): Promise<void>;
}

/**
 * A WebSocket server on loopback (on `port`, or a free one) that records the adapter's packets
 * and how its sockets closed; `onConnection` is told of each socket (an ingest source sends on it).
 */
export async function endpoint(port = 0, onConnection: (socket: WebSocket) => void = () => {}): Promise<Endpoint> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const packets: Packet[] = [];
  const sockets: WebSocket[] = [];
  const closes: Endpoint['closes'] = [];
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data: Buffer, binary) => {
      if (binary) packets.push(decodePacket(new Uint8Array(data)));
    });
    socket.on('close', (code, reason) => {
      closes.push({ code, reason: reason.toString() });
      closedResolve();
    });
    onConnection(socket);
  });
  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const bound = (server.address() as AddressInfo).port;
  return { url: `ws://127.0.0.1:${bound}/adapter?token=t`, port: bound, packets, sockets, closes, closed, server, stop };
}

/** Opens one adapter on a session's track through the REST API: its id, and the pid of the ffmpeg it runs. */
export async function openAdapter(
  client: CallsClient,
  /** The embedded service (the adapter registry is not part of SfuApi). */
  service: SfuApi,
  track: { sessionId: string; trackName: string; endpoint: string; outputCodec: 'pcm' | 'jpeg' },
): Promise<{ adapterId: string; pid: number }> {
  const created = await client.call<{ tracks: { adapterId: string }[] }>('POST', '/adapters/websocket/new', { tracks: [{ location: 'remote', ...track }] });
  const adapterId = created.body.tracks[0]!.adapterId;
  return { adapterId, pid: (service as SfuService).webSocketAdapter(adapterId)!.ffmpegPid! };
}
