import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * scripts/setup.sh's npm step in a scratch checkout, with an `npm` on PATH that only records its
 * calls and makes node_modules as `npm ci` would (the real one is not run, nor apt).
 */
describe('setup.sh installs npm packages only when needed', () => {
  let checkout: string;
  const npmCalls = () => (existsSync(join(checkout, 'npm-calls')) ? readFileSync(join(checkout, 'npm-calls'), 'utf8').trim().split('\n') : []);
  const install = (npmExit = 0) =>
    spawnSync('bash', ['-c', 'source scripts/setup.sh && install_npm_packages'], {
      cwd: checkout,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(checkout, 'bin')}:${process.env['PATH']}`, FAKE_NPM_EXIT: String(npmExit) },
    });

  beforeEach(() => {
    checkout = mkdtempSync(join(tmpdir(), 'setup-'));
    mkdirSync(join(checkout, 'scripts'));
    mkdirSync(join(checkout, 'bin'));
    copyFileSync(join(root, 'scripts/setup.sh'), join(checkout, 'scripts/setup.sh'));
    writeFileSync(join(checkout, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    const npm = join(checkout, 'bin/npm');
    writeFileSync(npm, `#!/bin/sh\necho "$*" >> "${checkout}/npm-calls"\nmkdir -p "${checkout}/node_modules"\nexit "$FAKE_NPM_EXIT"\n`);
    chmodSync(npm, 0o755);
  });

  afterEach(() => rmSync(checkout, { recursive: true, force: true }));

  it('runs npm ci on a fresh clone, skips it the second time, and runs it again when the lock changes', () => {
    expect(install().status).toBe(0);
    expect(npmCalls()).toEqual(['ci --ignore-scripts --no-audit --no-fund --loglevel=error']);

    const again = install();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('node_modules matches package-lock.json; skipping npm ci');
    expect(npmCalls()).toHaveLength(1);

    writeFileSync(join(checkout, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
    expect(install().status).toBe(0);
    expect(npmCalls()).toHaveLength(2);

    rmSync(join(checkout, 'node_modules'), { recursive: true });
    expect(install().status).toBe(0);
    expect(npmCalls()).toHaveLength(3);
  });

  it('does not mark node_modules as installed when npm ci fails', () => {
    expect(install(1).status).not.toBe(0);
    expect(existsSync(join(checkout, 'node_modules/.setup-lock-hash'))).toBe(false);
    expect(install().status).toBe(0);
    expect(npmCalls()).toHaveLength(2);
  });
});
