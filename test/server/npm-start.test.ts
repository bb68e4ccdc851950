import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { freePort } from '../helpers/freePort.js';

const root = resolve(import.meta.dirname, '../..');

/** Whether a process with this pid still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** The JSON log lines the server wrote to stderr so far, parsed. */
function logLines(text: string): Record<string, unknown>[] {
  return text.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

describe('npm start under a process manager', () => {
  let npm: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'sfu-npm-start-'));

  afterAll(() => {
    // Only if the test failed half-way: the process group this test started.
    if (npm?.pid && npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops on SIGTERM to the npm process: exit 0, the port free, no server or mediasoup worker left', async () => {
    const port = await freePort();
    let stderr = '';
    // Its own process group (as under a service manager), so nothing of it is left if the test fails.
    npm = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        SFU_APPS: 'npm-app:secret-of-npm-app',
        SFU_HOST: '127.0.0.1',
        SFU_PORT: String(port),
        SFU_WORKERS: '1',
        SFU_RTC_LISTEN_IP: '127.0.0.1',
        SFU_DATA_DIR: dataDir,
        SFU_DRAIN_TIMEOUT_MS: '300',
        SFU_LOG_LEVEL: 'info',
      },
    });
    npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => npm!.once('exit', (code) => done(code)));

    // prestart may compile first (tsc) when dist/ is older than the sources.
    const deadline = Date.now() + 150_000;
    while (!logLines(stderr).some((l) => l['message'] === 'listening')) {
      if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`npm start did not listen:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const serverPid = logLines(stderr).find((l) => l['message'] === 'listening')!['pid'] as number;
    expect(serverPid).not.toBe(npm.pid);

    // A live session: the drain waits for it, then closes it.
    const client = new CallsClient(`http://127.0.0.1:${port}`, 'npm-app', 'secret-of-npm-app');
    await client.newSession();
    const workerPid = logLines(stderr).find((l) => l['message'] === 'session created')!['worker'] as number;
    expect(alive(workerPid)).toBe(true);

    process.kill(npm.pid!, 'SIGTERM');
    expect(await exited).toBe(0);

    const lines = logLines(stderr);
    expect(lines.find((l) => l['message'] === 'stopping: draining')).toMatchObject({ signal: 'SIGTERM' });
    expect(lines.some((l) => l['message'] === 'stopped')).toBe(true);
    expect(lines.find((l) => l['message'] === 'draining')).toMatchObject({ sessions: 1 });
    expect(await portIsFree(port)).toBe(true);
    expect(alive(serverPid)).toBe(false);
    // mediasoup's worker exits once its channel to node closes: give it a moment, never a time limit to meet.
    const workerGone = Date.now() + 10_000;
    while (alive(workerPid) && Date.now() < workerGone) await new Promise((r) => setTimeout(r, 100));
    expect(alive(workerPid)).toBe(false);
  }, 180_000);
});
