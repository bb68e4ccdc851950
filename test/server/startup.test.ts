import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/freePort.js';

const root = resolve(import.meta.dirname, '../..');

/** `npm start` (tsx src/server/main.ts) with `env`, until it exits or says it listens. */
function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfu-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { PATH: process.env['PATH'], SFU_DATA_DIR: dataDir, SFU_WORKERS: '1', SFU_HOST: '127.0.0.1', SFU_PORT: '0', SFU_RTC_LISTEN_IP: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    // Started after all: stop it, so the test fails on its exit code rather than hangs.
    if (stderr.includes('"listening"')) child.kill('SIGTERM');
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr, stdout })));
}

/** A start-up failure as users see it: exit code 1, the message alone on stderr, no stack. */
async function refusal(env: NodeJS.ProcessEnv): Promise<string> {
  const { code, stderr } = await start(env);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(code).toBe(1);
  return stderr.trim();
}

describe('npm start refuses to start, saying why', () => {
  let occupied: Server;
  let occupiedPort: number;
  beforeAll(async () => {
    occupiedPort = await freePort();
    occupied = createServer();
    await new Promise<void>((done) => occupied.listen(occupiedPort, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => occupied.close(() => done())));

  it('when a variable has a wrong value', async () => {
    expect(await refusal({ SFU_WORKERS: '1.5' })).toBe('invalid configuration: SFU_WORKERS must be a whole number >= 1, got "1.5"');
  });

  it('when the announced address is not an IP', async () => {
    expect(await refusal({ SFU_ANNOUNCED_ADDRESS: 'notanip' })).toMatch(/^invalid configuration: SFU_ANNOUNCED_ADDRESS must be an IPv4 or IPv6 address .*got "notanip"$/);
  });

  it('when the config file is missing or broken', async () => {
    expect(await refusal({ SFU_CONFIG: '/nonexistent/sfu.json' })).toBe('invalid configuration: SFU_CONFIG names /nonexistent/sfu.json, which does not exist');
    const file = join(mkdtempSync(join(tmpdir(), 'sfu-config-')), 'sfu.json');
    writeFileSync(file, '{ "port": ');
    expect(await refusal({ SFU_CONFIG: file })).toMatch(new RegExp(`^invalid configuration: ${file} \\(SFU_CONFIG\\) is not valid JSON: [^\\n]+$`));
    writeFileSync(file, JSON.stringify({ SFU_PORT: 1 }));
    expect(await refusal({ SFU_CONFIG: file })).toBe(`invalid configuration: ${file}: "SFU_PORT" is an environment variable's name; the config file calls it "port"`);
  });

  it('when its port is in use, naming SFU_PORT', async () => {
    expect(await refusal({ SFU_PORT: String(occupiedPort) })).toBe(
      `port ${occupiedPort} on 127.0.0.1 is already in use (another SFU running?): stop that process, or set SFU_PORT to a free port`,
    );
  });

  it('when the mediasoup worker binary is missing, saying to run the setup', async () => {
    expect(await refusal({ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' })).toBe(
      'the mediasoup worker binary /nonexistent/mediasoup-worker is missing or not executable: run `bash scripts/setup.sh` (or `npm run worker:install`)',
    );
  });
});

describe('npm start', () => {
  it('names the announced media address when listening, and keeps the apps file private', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfu-start-'));
    const { code, stderr, stdout } = await start({ SFU_DATA_DIR: dataDir, SFU_ANNOUNCED_ADDRESS: '203.0.113.7' });
    expect(code).toBe(0);
    const listening = stderr.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((entry) => entry.message === 'listening');
    expect(listening).toMatchObject({ media: '203.0.113.7', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(stdout).toContain('Created a first app');
    expect(statSync(join(dataDir, 'apps.json')).mode & 0o777).toBe(0o600);
  });
});
