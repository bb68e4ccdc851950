import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

/** Debian's coturn binary (`apt-get install coturn`; `scripts/setup.sh --with-test-deps` installs it). */
export const turnserverPath = process.env['TURNSERVER_PATH'] ?? '/usr/bin/turnserver';

/** Whether coturn is installed; tests that need it skip with this message when it is not. */
export function coturnMissing(): string | undefined {
  const found = spawnSync(turnserverPath, ['--version'], { stdio: 'ignore' });
  return found.error || found.status !== 0 ? `coturn is not installed (${turnserverPath}): run scripts/setup.sh --with-test-deps or apt-get install coturn` : undefined;
}

export interface RunningCoturn {
  /** The UDP and TCP port it listens on, on 127.0.0.1. */
  port: number;
  /** Everything it logged (its log goes to stdout). */
  log(): string;
  /** Stops it (SIGTERM, then SIGKILL after 2 s) and waits for its exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A coturn of the test's own on loopback: shared-secret credentials (`use-auth-secret`), relaying
 * from 127.0.0.1 to loopback peers (the SFU here), no TLS, no CLI, no config file, no pid file
 * outside its temporary directory. Resolves once it listens.
 */
export async function startCoturn(secret: string): Promise<RunningCoturn> {
  const port = await freePort();
  // Relay ports: a 200-port block away from the media range (40000-49999) and from ephemeral ports.
  const minPort = 30_000 + Math.floor(Math.random() * 50) * 200;
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const child = spawn(
    turnserverPath,
    [
      '-n',
      `--listening-ip=127.0.0.1`,
      `--relay-ip=127.0.0.1`,
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 199}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=sfu.test',
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--no-multicast-peers',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
      `--pidfile=${join(dir, 'turnserver.pid')}`,
      `--userdb=${join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(child, () => output, port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, log: () => output, stop };
}

/** Waits until coturn answers a STUN binding request on its UDP port. */
async function listening(child: ChildProcess, output: () => string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`coturn exited with ${child.exitCode}:\n${output()}`);
    if (await answersStun(port)) return;
  }
  throw new Error(`coturn did not answer STUN on 127.0.0.1:${port} within 10 s:\n${output()}`);
}

/** One STUN binding request (RFC 5389: type 0x0001, no attributes); true when a response comes within 200 ms. */
function answersStun(port: number): Promise<boolean> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.once('message', (message) => done(message.subarray(8, 20).equals(request.subarray(8, 20))));
    socket.once('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}
