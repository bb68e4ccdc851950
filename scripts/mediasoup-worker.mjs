#!/usr/bin/env node
// Ensures a runnable mediasoup-worker binary at mediasoup's default location
// (node_modules/mediasoup/worker/out/Release/mediasoup-worker).
//
// Why this exists: mediasoup's own install script downloads a prebuilt worker
// from the internet and otherwise builds from source by downloading meson and
// every C/C++ dependency. npm 11 does not run that script at all (see
// "allowScripts" in package.json), and on machines without general internet
// access both of its paths fail. This script is our postinstall instead. It
// tries, in order, stopping at the first that yields a worker that runs:
//   a. $MEDIASOUP_WORKER_BIN points at an executable: nothing to do.
//   b. the default binary is already there and runs.
//   c. a cached copy in ${XDG_CACHE_HOME:-~/.cache}/open-realtime-sfu/.
//   d. mediasoup's own prebuilt download (its fallback build disabled).
//   e. an offline source build against the system's libraries (Debian/Ubuntu
//      -dev packages), using the small meson subprojects in
//      scripts/mediasoup-system-subprojects/ instead of mediasoup's downloads.
// "Runs" means: started with an empty environment it exits with code 41, the
// check mediasoup itself uses for its prebuilt binaries.
//
// Env: MEDIASOUP_WORKER_BIN (see a), MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD
// (skips d), MESON (meson executable to use for e; otherwise PATH, then the
// directories pip installs scripts into).

import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync, chmodSync, constants, copyFileSync, cpSync, createWriteStream,
  mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG = '[mediasoup-worker]';
const BIN_NAME = process.platform === 'win32' ? 'mediasoup-worker.exe' : 'mediasoup-worker';
const PREBUILT_TIMEOUT_MS = 120_000;
const MIN_MESON = [1, 1, 0];

// pkg-config module -> Debian/Ubuntu package providing it.
const PC_MODULES = [
  ['libuv', 'libuv1-dev'],
  ['openssl', 'libssl-dev'],
  ['libsrtp2', 'libsrtp2-dev'],
  ['usrsctp', 'libusrsctp-dev'],
  ['absl_flat_hash_map', 'libabsl-dev'],
  ['nlohmann_json', 'nlohmann-json3-dev'],
];

const require = createRequire(import.meta.url);
const PKG_DIR = dirname(require.resolve('mediasoup/package.json'));
const VERSION = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8')).version;
const WORKER_DIR = join(PKG_DIR, 'worker');
const RELEASE_BIN = join(WORKER_DIR, 'out', 'Release', BIN_NAME);
const BUILD_DIR = join(WORKER_DIR, 'out', 'system-build');
const BUILD_LOG = join(WORKER_DIR, 'out', 'system-build.log');
const SUBPROJECTS_SRC = fileURLToPath(new URL('./mediasoup-system-subprojects/', import.meta.url));
const CACHE_FILE = join(
  process.env.XDG_CACHE_HOME || join(os.homedir(), '.cache'),
  'open-realtime-sfu',
  `mediasoup-worker-${VERSION}-${process.platform}-${process.arch}`,
);

function log(message) {
  console.log(`${TAG} ${message}`);
}

function shortPath(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function workerRuns(bin) {
  if (!isExecutable(bin)) return false;
  const result = spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 10_000 });
  return result.status === 41;
}

/** Copy atomically (temp file + rename) and make executable. */
function copyExecutable(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, to);
}

// a. ------------------------------------------------------------------------
function fromEnv() {
  const bin = process.env.MEDIASOUP_WORKER_BIN;
  if (!bin) return false;
  if (isExecutable(bin)) {
    log(`MEDIASOUP_WORKER_BIN=${bin} is executable; nothing to do`);
    return true;
  }
  log(`warning: MEDIASOUP_WORKER_BIN=${bin} is not an executable file; ` +
    'ensuring the default binary anyway (mediasoup will still use the variable)');
  return false;
}

// c. ------------------------------------------------------------------------
function fromCache() {
  if (!isExecutable(CACHE_FILE)) return false;
  if (!workerRuns(CACHE_FILE)) {
    log(`cached ${CACHE_FILE} does not run here; ignoring it`);
    return false;
  }
  copyExecutable(CACHE_FILE, RELEASE_BIN);
  if (!workerRuns(RELEASE_BIN)) return false;
  log(`ok: copied cached worker from ${CACHE_FILE}`);
  return true;
}

function saveToCache() {
  try {
    copyExecutable(RELEASE_BIN, CACHE_FILE);
    log(`cached a copy at ${CACHE_FILE}`);
  } catch (error) {
    log(`warning: could not write cache ${CACHE_FILE}: ${error.message}`);
  }
}

// d. ------------------------------------------------------------------------
function lastMeaningfulLine(output) {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim());
  const errors = lines.filter((l) => /ERROR/.test(l));
  return (errors[0] ?? lines.filter(Boolean).at(-1) ?? 'no output').slice(0, 300);
}

function fromPrebuilt() {
  if (process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD) {
    log('MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD is set; skipping the prebuilt download');
    return false;
  }
  log(`trying mediasoup's prebuilt worker download (timeout ${PREBUILT_TIMEOUT_MS / 1000} s)...`);
  // MAKE=false makes mediasoup's fallback source build fail at once instead of
  // downloading meson and the subprojects.
  const env = { ...process.env, MAKE: 'false' };
  delete env.MEDIASOUP_WORKER_BIN;
  delete env.MEDIASOUP_LOCAL_DEV;
  const result = spawnSync(process.execPath, ['npm-scripts.mjs', 'postinstall'], {
    cwd: PKG_DIR, env, encoding: 'utf8', timeout: PREBUILT_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024,
  });
  if (workerRuns(RELEASE_BIN)) {
    log('ok: downloaded mediasoup\'s prebuilt worker');
    return true;
  }
  const why = result.error?.code === 'ETIMEDOUT'
    ? 'timed out'
    : lastMeaningfulLine(`${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  log(`prebuilt download did not work: ${why}`);
  return false;
}

// e. ------------------------------------------------------------------------
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function versionAtLeast(version, min) {
  const parts = version.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i];
  }
  return true;
}

/** Where `pip install` puts scripts for python3 (system/venv/pyenv, and --user). */
function pipScriptDirs() {
  const code = 'import os, sysconfig\n' +
    'print(sysconfig.get_path("scripts"))\n' +
    'print(sysconfig.get_path("scripts", f"{os.name}_user"))';
  const result = spawnSync('python3', ['-c', code], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? result.stdout.split('\n').filter(Boolean) : [];
}

/** The first meson >= 1.1 found, or details of what was found instead. */
function findMeson() {
  const candidates = [
    process.env.MESON,
    onPath('meson'),
    ...pipScriptDirs().map((dir) => join(dir, 'meson')),
    '/usr/local/bin/meson',
  ].filter((c) => c && isExecutable(c));
  const found = [];
  for (const path of new Set(candidates)) {
    const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    const version = (result.stdout ?? '').trim();
    if (result.status !== 0 || !version) continue;
    if (versionAtLeast(version, MIN_MESON)) return { path, version };
    found.push(`${path} is ${version}`);
  }
  return { path: null, found };
}

function missingPrerequisites(meson) {
  const missing = [];
  const apt = new Set();
  if (!meson.path) {
    const seen = meson.found.length ? ` (${meson.found.join(', ')})` : '';
    missing.push(`meson >= ${MIN_MESON.join('.')}${seen}`);
  }
  if (!onPath('ninja') && !onPath('samu')) { missing.push('ninja'); apt.add('ninja-build'); }
  if (!onPath('c++') && !onPath('g++') && !onPath('clang++')) {
    missing.push('a C++ compiler'); apt.add('build-essential');
  }
  if (!onPath('pkg-config') && !onPath('pkgconf')) {
    missing.push('pkg-config'); apt.add('pkg-config');
    for (const [, pkg] of PC_MODULES) apt.add(pkg);
  } else {
    for (const [module, pkg] of PC_MODULES) {
      if (spawnSync('pkg-config', ['--exists', module]).status !== 0) {
        missing.push(`pkg-config module ${module}`); apt.add(pkg);
      }
    }
  }
  return { missing, apt: [...apt] };
}

function prerequisitesError({ missing, apt }, meson) {
  const lines = [`cannot build the worker from source; missing: ${missing.join('; ')}.`];
  if (apt.length) lines.push(`  install (Debian/Ubuntu): apt-get install -y ${apt.join(' ')}`);
  if (!meson.path) lines.push('  install meson >= 1.1: pip install meson (Debian bookworm ships 1.0)');
  lines.push('  or run: bash scripts/setup.sh   (installs all of the above, then retries)');
  return new Error(lines.join('\n'));
}

/** Put our system-library subprojects in place of mediasoup's download wraps. */
function installSubprojects() {
  const dest = join(WORKER_DIR, 'subprojects');
  for (const name of readdirSync(SUBPROJECTS_SRC)) {
    rmSync(join(dest, `${name}.wrap`), { force: true });
    rmSync(join(dest, name), { recursive: true, force: true });
    cpSync(join(SUBPROJECTS_SRC, name), join(dest, name), { recursive: true });
  }
}

/** Run a command, appending its output to the build log, reporting ninja progress. */
function runLogged(command, args, label) {
  return new Promise((resolve, reject) => {
    const logStream = createWriteStream(BUILD_LOG, { flags: 'a' });
    logStream.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd: WORKER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let progress = '';
    const onData = (chunk) => {
      logStream.write(chunk);
      const steps = chunk.toString().match(/\[\d+\/\d+\]/g);
      if (steps) progress = steps.at(-1);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => log(`${label}... ${progress}`), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      logStream.end();
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (exit ${code}); see ${BUILD_LOG}`));
    });
  });
}

function logTail(lines = 25) {
  try {
    return readFileSync(BUILD_LOG, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function fromSource() {
  const meson = findMeson();
  const prerequisites = missingPrerequisites(meson);
  if (prerequisites.missing.length) throw prerequisitesError(prerequisites, meson);

  const jobs = os.availableParallelism?.() ?? os.cpus().length;
  log(`building from source against system libraries (meson ${meson.version}, ${jobs} jobs); ` +
    'this takes a few minutes...');
  installSubprojects();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  rmSync(BUILD_LOG, { force: true });
  mkdirSync(dirname(BUILD_LOG), { recursive: true });
  const started = Date.now();
  try {
    await runLogged(meson.path, [
      'setup', '--buildtype', 'release', '-Db_ndebug=true', '-Db_pie=true',
      '-Db_staticpic=true', '--wrap-mode=nodownload', BUILD_DIR,
    ], 'meson setup');
    await runLogged(meson.path, ['compile', '-C', BUILD_DIR, '-j', String(jobs), 'mediasoup-worker'],
      'compiling');
  } catch (error) {
    console.error(logTail());
    throw error;
  }
  copyExecutable(join(BUILD_DIR, BIN_NAME), RELEASE_BIN);
  if (!workerRuns(RELEASE_BIN)) {
    throw new Error(`built ${RELEASE_BIN} but it does not run (try: ldd ${RELEASE_BIN})`);
  }
  rmSync(BUILD_DIR, { recursive: true, force: true });
  rmSync(BUILD_LOG, { force: true });
  log(`ok: built ${shortPath(RELEASE_BIN)} in ${Math.round((Date.now() - started) / 1000)} s`);
}

// ---------------------------------------------------------------------------
async function main() {
  if (fromEnv()) return;
  if (workerRuns(RELEASE_BIN)) {
    log(`ok: ${shortPath(RELEASE_BIN)} (mediasoup ${VERSION}) is in place and runs`);
    return;
  }
  if (fromCache()) return;
  if (!fromPrebuilt()) await fromSource();
  saveToCache();
}

main().catch((error) => {
  console.error(`${TAG} FAILED: no runnable mediasoup-worker for mediasoup ${VERSION}.`);
  console.error(`${TAG} ${error.message}`);
  process.exit(1);
});
