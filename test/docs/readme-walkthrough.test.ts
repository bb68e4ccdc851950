import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { assignedVariables, sampleMismatch, walkthroughBlocks } from './walkthrough.js';

const root = resolve(import.meta.dirname, '../..');
const blocks = walkthroughBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
const [peerBlock, ...steps] = blocks;
const variables = assignedVariables(blocks);

/**
 * The README as a newcomer pastes it, with two differences a test needs: the server listens on a
 * free port instead of 8787, and its data directory (apps.json, demo-peer.json) is a temporary one
 * instead of ./data.
 */
describe('the README walk-through', () => {
  let sfu: RunningSfu;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let peer: ChildProcess | undefined;
  let peerOutput = '';
  const asWritten = (script: string) => script.replaceAll('http://127.0.0.1:8787', sfu.url).replaceAll('./data/', `${dataDir}/`);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
    writeFileSync(join(dataDir, 'apps.json'), JSON.stringify({ apps: [testApps[0]] }));
    sfu = await startSfu({ dataDir });
    env = { ...process.env, SFU_DATA_DIR: dataDir, SFU_PORT: new URL(sfu.url).port };
    delete env['SFU_APPS'];
    delete env['SFU_CONFIG'];
  });

  afterAll(async () => {
    if (peer?.exitCode === null && peer.signalCode === null && peer.pid) process.kill(-peer.pid, 'SIGKILL');
    await sfu?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks a background demo peer and the five calls', () => {
    expect(peerBlock?.background).toBe(true);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.every((step) => !step.background)).toBe(true);
  });

  it('starts the demo peer, which publishes mic and cam', async () => {
    // Its own process group, as in its own terminal: Ctrl-C there signals the whole group.
    peer = spawn('bash', ['-c', asWritten(peerBlock!.script)], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    peer.stdout!.on('data', (chunk: Buffer) => (peerOutput += chunk.toString()));
    peer.stderr!.on('data', (chunk: Buffer) => (peerOutput += chunk.toString()));
    await eventually('the demo peer to say it publishes', () => peerOutput.includes('Ctrl-C stops') || peer!.exitCode !== null, 30_000);
    expect(peerOutput).toMatch(
      /^Publishing "mic" \(audio, mid 0: a 440 Hz tone\) and "cam" \(video, mid 1: a grey sweep\)\nin session [0-9a-f]{32} \(saved in .*demo-peer\.json\)\. Ctrl-C stops\.\n$/,
    );
    expect(existsSync(join(dataDir, 'demo-peer.json'))).toBe(true);
  });

  it('runs each block as written, with the output shown', async () => {
    // Each block in its own bash, handed the variables the blocks before it set, as one terminal would keep them.
    const state = join(dataDir, 'shell-state');
    writeFileSync(state, '');
    for (const [index, step] of steps.entries()) {
      const script = `set -eo pipefail\nsource ${state}\n${asWritten(step.script)}\ndeclare -p ${variables.join(' ')} > ${state} 2>/dev/null || true\n`;
      const run = await bash(script, env);
      const context = `block ${index + 1}:\n${step.script}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
      expect(run.status, context).toBe(0);
      if (step.sample === undefined) expect(run.stdout, context).toBe('');
      else expect(sampleMismatch(JSON.parse(run.stdout), JSON.parse(step.sample)), context).toBeUndefined();
    }
  });

  it('stops the demo peer on Ctrl-C, which ends its session', async () => {
    const { sessionId } = JSON.parse(readFileSync(join(dataDir, 'demo-peer.json'), 'utf8')) as { sessionId: string };
    const exited = new Promise<void>((done) => peer!.once('exit', () => done()));
    process.kill(-peer!.pid!, 'SIGINT');
    await exited;
    expect(existsSync(join(dataDir, 'demo-peer.json'))).toBe(false);
    const app = testApps[0];
    await eventually('the demo peer session to end', async () => {
      const response = await fetch(`${sfu.url}/v1/apps/${app.id}/sessions/${sessionId}`, { headers: { authorization: `Bearer ${app.secret}` } });
      return response.status === 410;
    });
  });
});

/** Runs a script with bash, without blocking this process (the server under test lives in it). */
function bash(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
