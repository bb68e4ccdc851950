import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../../src/server/app.js';
import { resolveConfig } from '../../src/server/config.js';
import { silentLogger } from '../../src/service/Logger.js';
import { launchChromium } from '../helpers/chromium.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/freePort.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { httpsRequest, selfSigned } from '../helpers/tls.js';

const fingerprintOf = (certFile: string) => new X509Certificate(readFileSync(certFile)).fingerprint256;
const app = testApps[0];

describe('HTTPS and WSS served directly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfu-tls-'));
  const first = selfSigned(dir, 'first');
  const second = selfSigned(dir, 'second');
  const served = { certFile: join(dir, 'served.cert.pem'), keyFile: join(dir, 'served.key.pem') };
  let sfu: RunningSfu;
  let browser: Browser | undefined;

  beforeAll(async () => {
    copyFileSync(first.certFile, served.certFile);
    copyFileSync(first.keyFile, served.keyFile);
    sfu = await startSfu({ tls: served });
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the REST API over https', async () => {
    expect(sfu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await httpsRequest(`${sfu.url}/v1/apps/${app.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${app.secret}` } });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ sessionId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(answer.fingerprint).toBe(fingerprintOf(first.certFile));
  });

  it('runs GraphQL over wss on the same port', async () => {
    const socket = new WebSocket(`${sfu.url.replace('https', 'wss')}/graphql`, 'graphql-transport-ws', { rejectUnauthorized: false });
    const messages: { type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${app.secret}` } }));
    await eventually('connection_ack', () => messages.some((m) => m.type === 'connection_ack'));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }));
    await eventually('the query result', () => messages.some((m) => m.type === 'complete'));
    expect(messages.find((m) => m.type === 'next')?.payload).toEqual({ data: { __typename: 'Query' } });
    socket.close();
  });

  it('serves the loopback page to Chromium as a secure context, which publishes its camera and plays it back', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${sfu.url}/loopback.html#app=${app.id}&secret=${app.secret}&autostart=1`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.waitForFunction(() => (document.getElementById('remote') as HTMLVideoElement).videoWidth > 0, null, { timeout: 20_000 });
    await context.close();
  });

  it('keeps the served certificate when reloaded files do not match, and takes new ones that do', async () => {
    copyFileSync(second.certFile, served.certFile); // the key is still the first's
    expect(() => sfu.reloadTls()).toThrow(/SFU_TLS_KEY .* is not the key of the certificate in SFU_TLS_CERT/);
    expect((await httpsRequest(`${sfu.url}/`)).fingerprint).toBe(fingerprintOf(first.certFile));
    copyFileSync(second.keyFile, served.keyFile);
    sfu.reloadTls();
    expect((await httpsRequest(`${sfu.url}/`)).fingerprint).toBe(fingerprintOf(second.certFile));
  });

  it('refuses to start with an unreadable certificate or a key of another certificate, naming the file', async () => {
    const config = (tls: { certFile: string; keyFile: string }) =>
      resolveConfig({ host: '127.0.0.1', port: 0, apps: [{ ...app }], tls, media: { workers: 1, listenIp: '127.0.0.1' } });
    const missing = join(dir, 'missing.pem');
    await expect(buildApp(config({ certFile: missing, keyFile: first.keyFile }), silentLogger)).rejects.toThrow(`SFU_TLS_CERT ${missing} cannot be read (ENOENT)`);
    await expect(buildApp(config({ certFile: first.certFile, keyFile: second.keyFile }), silentLogger)).rejects.toThrow(/is not the key of the certificate/);
    await expect(buildApp(config({ certFile: first.keyFile, keyFile: first.keyFile }), silentLogger)).rejects.toThrow(/holds no PEM certificate/);
  });
});

describe('npm start with TLS', () => {
  it('swaps its certificate on SIGHUP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfu-tls-'));
    const first = selfSigned(dir, 'first');
    const second = selfSigned(dir, 'second');
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        SFU_HOST: '127.0.0.1',
        SFU_PORT: String(port),
        SFU_APPS: `${app.id}:${app.secret}`,
        SFU_WORKERS: '1',
        SFU_RTC_LISTEN_IP: '127.0.0.1',
        SFU_TLS_CERT: first.certFile,
        SFU_TLS_KEY: first.keyFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually('the server listening', () => output.includes(`"url":"https://127.0.0.1:${port}"`), 30_000);
      const url = `https://127.0.0.1:${port}/`;
      expect((await httpsRequest(url)).fingerprint).toBe(fingerprintOf(first.certFile));
      copyFileSync(second.certFile, first.certFile);
      copyFileSync(second.keyFile, first.keyFile);
      child.kill('SIGHUP');
      await eventually('the reload logged', () => output.includes('TLS certificate reloaded'));
      expect((await httpsRequest(url)).fingerprint).toBe(fingerprintOf(second.certFile));
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
