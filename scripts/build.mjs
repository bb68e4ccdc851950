#!/usr/bin/env node
/**
 * `npm run build`: compiles the server to dist/ (tsc -p tsconfig.build.json) and copies the files
 * it reads at run time beside the compiled code, at the same relative paths: the example pages
 * (src/server/public/) and the GraphQL documents they run (schema/operations/*.graphql).
 *
 * `--if-stale` (what `prestart` runs) builds only when a source file is newer than the last build,
 * so `npm start` always runs what is in the tree without paying for tsc when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const sources = ['src', 'rest-compat', 'whip-whep', 'schema', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
/** Run-time files that are not TypeScript, copied to dist/ at the same path. */
const assets = ['src/server/public', 'schema/operations'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((source) => existsSync(join(root, source)) && newestMtime(join(root, source)) > built);
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

console.error('[build] tsc -p tsconfig.build.json');
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

for (const asset of assets) {
  const target = join(dist, asset);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, asset), target, { recursive: true });
}
mkdirSync(dist, { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.error('[build] done: dist/');
