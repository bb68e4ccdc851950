/**
 * A floor for an SFU's cost per forwarded packet on this machine: one SRTP protect of a 1,200-byte
 * RTP packet (AES-CM-128 with HMAC-SHA1-80, RFC 3711) and one UDP send to loopback. No libsrtp
 * binding exists for Node, so Node's crypto stands in: AES-128-CTR over the payload with the
 * packet's IV, HMAC-SHA1 over header, payload and ROC, truncated to 80 bits. It builds a cipher per
 * packet (libsrtp keeps its key schedule), so it overstates libsrtp's crypto somewhat.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';

export interface SrtpFloor {
  /** CPU µs (process.cpuUsage) per protect, per send to loopback, and their sum. */
  protectUs: number;
  sendUs: number;
  totalUs: number;
  packets: number;
}

const packetBytes = 1_200;
const headerBytes = 12;

/** Measures `packets` protects, then `packets` sends (awaited in batches of 64), each by CPU time. */
export async function measureSrtpFloor(packets = 20_000): Promise<SrtpFloor> {
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
    return { protectUs, sendUs, totalUs: protectUs + sendUs, packets };
  } finally {
    sender.close();
    receiver.close();
  }
}

function send(socket: Socket, packet: Buffer, port: number): Promise<void> {
  return new Promise((resolve, reject) => socket.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
}

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;
