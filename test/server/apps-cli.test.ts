import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintAccessToken } from '../../src/service/access/accessToken.js';
import { eventually } from '../helpers/eventually.js';
import { startSfu, type RunningSfu } from '../helpers/sfu.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const limits = { maxMetadataBytes: 16_384, maxMetadataDepth: 16 };

describe('npm run apps, on the apps file of a running server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfu-apps-'));
  const file = join(dataDir, 'apps.json');
  let sfu: RunningSfu;

  /** `npm run apps -- <args> --json` on this test's data dir. */
  async function apps(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ id: string; secret: string }> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/server/appsCli.ts', ...args, '--json'], {
      cwd: root,
      env: { PATH: process.env['PATH'], SFU_DATA_DIR: dataDir, ...env },
    });
    return JSON.parse(stdout) as { id: string; secret: string };
  }

  /** The status of `sessions/new` for app `id` with this bearer (a secret or an access token): 201 when accepted. */
  async function newSession(id: string, bearer: string): Promise<number> {
    const response = await fetch(`${sfu.url}/v1/apps/${id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${bearer}` } });
    await response.body?.cancel();
    return response.status;
  }

  const tokenSignedWith = async (id: string, secret: string): Promise<string> =>
    (await mintAccessToken(id, new TextEncoder().encode(secret), { room: 'lobby', identity: 'ada' }, limits)).token;

  beforeAll(async () => {
    // No apps configured: the server serves apps.json, creating it with a first app.
    sfu = await startSfu({ apps: [], dataDir });
  });
  afterAll(() => sfu.stop());

  it('creates an app the running server accepts without a restart', async () => {
    const created = await apps(['create', '--name', 'new-one']);
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    await eventually('the new app to be served', async () => (await newSession(created.id, created.secret)) === 201);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lists ids without secrets unless asked', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/server/appsCli.ts', 'list'], { cwd: root, env: { PATH: process.env['PATH'], SFU_DATA_DIR: dataDir } });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { apps: { id: string; secret: string }[] };
    for (const app of stored.apps) {
      expect(stdout).toContain(app.id);
      expect(stdout).not.toContain(app.secret);
    }
    const { stdout: shown } = await run(process.execPath, ['--import', 'tsx', 'src/server/appsCli.ts', 'list', '--show-secret'], { cwd: root, env: { PATH: process.env['PATH'], SFU_DATA_DIR: dataDir } });
    for (const app of stored.apps) expect(shown).toContain(app.secret);
  });

  it('rotates a secret: old and new both work within the grace, the old one is refused after it', async () => {
    const app = await apps(['create']);
    await eventually('the app to be served', async () => (await newSession(app.id, app.secret)) === 201);
    const oldToken = await tokenSignedWith(app.id, app.secret);

    const rotated = await apps(['rotate', app.id]);
    expect(rotated.secret).not.toBe(app.secret);
    await eventually('the new secret to be accepted', async () => (await newSession(app.id, rotated.secret)) === 201);
    // Within the default grace (24 h): the old secret and a token it signed still work.
    expect(await newSession(app.id, app.secret)).toBe(201);
    expect(await newSession(app.id, oldToken)).toBe(201);
    expect(await newSession(app.id, await tokenSignedWith(app.id, rotated.secret))).toBe(201);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A rotation with a one-second grace: the secret it replaces is refused once that has passed.
    const again = await apps(['rotate', app.id], { SFU_APP_SECRET_GRACE_MS: '1000' });
    const previousToken = await tokenSignedWith(app.id, rotated.secret);
    await eventually('the newest secret to be accepted', async () => (await newSession(app.id, again.secret)) === 201);
    await eventually('the replaced secret to be refused after its grace', async () => (await newSession(app.id, rotated.secret)) === 401);
    expect(await newSession(app.id, previousToken)).toBe(401);
    // The first secret's own grace (24 h) is not cut short by the second rotation.
    expect(await newSession(app.id, app.secret)).toBe(201);
  });

  it('removes an app: its secret and tokens are refused from then on', async () => {
    const app = await apps(['create']);
    await eventually('the app to be served', async () => (await newSession(app.id, app.secret)) === 201);
    const token = await tokenSignedWith(app.id, app.secret);
    await apps(['remove', app.id]);
    await eventually('the removed app to be refused', async () => (await newSession(app.id, app.secret)) === 404);
    expect(await newSession(app.id, token)).toBe(404);
  });

  it('keeps serving its apps when a reload (SIGHUP) finds the file broken', async () => {
    const app = await apps(['create']);
    await eventually('the app to be served', async () => (await newSession(app.id, app.secret)) === 201);
    writeFileSync(file, '{ broken');
    sfu.reloadApps();
    expect(await newSession(app.id, app.secret)).toBe(201);
  });
});
