/**
 * A floor for an SFU's cost per forwarded packet on this machine: one SRTP protect of a 1,200-byte
 * RTP packet (AES-CM-128 with HMAC-SHA1-80, RFC 3711) and one UDP send to loopback.
 *
 * The measurement is bench/floor/srtp-floor.c, a small C program linked against the system's
 * libsrtp2 (the library this build of the mediasoup worker, and Debian's Janus, link), compiled
 * once into the OS temp dir. Where no C compiler or libsrtp2 headers exist (mediasoup's prebuilt
 * worker path), Node's crypto stands in: AES-128-CTR over the payload with the packet's IV,
 * HMAC-SHA1 over header, payload and ROC, truncated to 80 bits. It builds a cipher per packet, so
 * it overstates the crypto several times; `method` says which one measured.
 */
import { execFile } from 'node:child_process';
import { createHash, createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface SrtpFloor {
  /** CPU µs per protect, per send to loopback, and their sum. */
  protectUs: number;
  sendUs: number;
  totalUs: number;
  packets: number;
  /** Who measured: the C program with libsrtp2, or the Node crypto stand-in. */
  method: 'libsrtp2' | 'node-crypto';
}

const run = promisify(execFile);
const source = fileURLToPath(new URL('../floor/srtp-floor.c', import.meta.url));

/** The floor from the libsrtp2 program, or from the Node stand-in when the program cannot be built. */
export async function measureSrtpFloor(packets = 200_000): Promise<SrtpFloor> {
  const binary = await buildFloorProgram().catch((error: unknown) => {
    console.error(`srtp floor: cannot build ${source} (${(error as Error).message.split('\n')[0]}); using the Node crypto stand-in`);
    return undefined;
  });
  if (!binary) return measureNodeFloor(Math.min(packets, 20_000));
  const { stdout } = await run(binary, [String(packets)], { timeout: 60_000 });
  const measured = JSON.parse(stdout) as { protectUs: number; sendUs: number; packets: number };
  return { ...measured, totalUs: measured.protectUs + measured.sendUs, method: 'libsrtp2' };
}

/** Compiles the C program once per source version; returns the binary's path. */
async function buildFloorProgram(): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'open-realtime-sfu-bench-floor');
  const binary = join(dir, `srtp-floor-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  await run('cc', ['-O2', '-o', binary, source, '-lsrtp2'], { timeout: 60_000 });
  return binary;
}

const packetBytes = 1_200;
const headerBytes = 12;

/** The stand-in: `packets` protects, then `packets` sends (awaited in batches of 64), each by CPU time. */
async function measureNodeFloor(packets: number): Promise<SrtpFloor> {
  const key = randomBytes(16);
  const salt = randomBytes(14);
  const authKey = randomBytes(20);
  const packet = randomBytes(packetBytes);
  packet[0] = 0x80;
  const roc = Buffer.alloc(4);
  const iv = Buffer.alloc(16);
  let protectedPacket: Buffer = Buffer.alloc(0);

  const protectOne = (sequence: number): Buffer => {
    packet.writeUInt16BE(sequence & 0xffff, 2);
    // RFC 3711 4.1.1: IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16).
    iv.fill(0);
    salt.copy(iv, 0);
    for (let i = 0; i < 4; i++) iv[4 + i]! ^= packet[8 + i]!;
    iv[12]! ^= packet[2]!;
    iv[13]! ^= packet[3]!;
    const cipher = createCipheriv('aes-128-ctr', key, iv);
    const body = cipher.update(packet.subarray(headerBytes));
    const out = Buffer.concat([packet.subarray(0, headerBytes), body]);
    const tag = createHmac('sha1', authKey).update(out).update(roc).digest().subarray(0, 10);
    return Buffer.concat([out, tag]);
  };

  const cpuStart = process.cpuUsage();
  for (let i = 0; i < packets; i++) protectedPacket = protectOne(i);
  const protectUs = cpuMicros(process.cpuUsage(cpuStart)) / packets;

  const receiver = createSocket('udp4');
  const sender = createSocket('udp4');
  try {
    receiver.bind(0, '127.0.0.1');
    await once(receiver, 'listening');
    const port = receiver.address().port;
    const sendStart = process.cpuUsage();
    for (let sent = 0; sent < packets; sent += 64) {
      await Promise.all(Array.from({ length: Math.min(64, packets - sent) }, () => send(sender, protectedPacket, port)));
    }
    const sendUs = cpuMicros(process.cpuUsage(sendStart)) / packets;
    return { protectUs, sendUs, totalUs: protectUs + sendUs, packets, method: 'node-crypto' };
  } finally {
    sender.close();
    receiver.close();
  }
}

function send(socket: Socket, packet: Buffer, port: number): Promise<void> {
  return new Promise((resolve, reject) => socket.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
}

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;
