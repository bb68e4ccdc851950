#!/usr/bin/env node
/**
 * `npm test`: the whole suite, once. A test file whose process died before it finished,
 * while no test anywhere failed, is run once more, and said so. Such a death is a native crash of
 * @roamhq/wrtc (libwebrtc in Node, the tests' own WebRTC client, loaded in the same process): it
 * showed up in about one clean run in three, in a different file each time, and never in a file run
 * alone. A failing assertion is never retried, nor is a file that died twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const reportDir = join(root, 'node_modules', '.cache');
mkdirSync(reportDir, { recursive: true });

function vitest(args, report) {
  const result = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The report's test counts, or undefined when vitest wrote none. */
function readReport(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Prints the plain closing line ("N passed, N failed, N skipped") over the given file results, and exits. */
function finish(status, files) {
  const count = (state) => files.reduce((n, file) => n + file.assertionResults.filter((a) => a.status === state).length, 0);
  // Tests of a file whose process died stay "pending": after a failed run they count as failed.
  const failed = count('failed') + (status === 0 ? 0 : count('pending'));
  if (files.length > 0) console.log(`\n${count('passed')} passed, ${failed} failed, ${count('skipped') + count('todo')} skipped`);
  process.exit(status);
}

const args = process.argv.slice(2);
const firstReport = join(reportDir, 'vitest-report.json');
const status = vitest(args, firstReport);
const report = readReport(firstReport);
if (!report) process.exit(status);
if (status === 0 || args.length > 0) finish(status, report.testResults);
const failedTests = report.testResults.flatMap((file) => file.assertionResults.filter((a) => a.status === 'failed'));
// A file whose process died is listed with the tests it did not reach still "pending" (a skipped
// test says "skipped"), or not listed at all.
const complete = (file) => file.assertionResults.length > 0 && file.assertionResults.every((a) => a.status !== 'pending');
const reported = new Set(report.testResults.filter(complete).map((file) => file.name));
const died = testFiles(join(root, 'test')).filter((file) => !reported.has(file));
if (failedTests.length > 0 || died.length === 0 || died.length > 3) finish(status, report.testResults);

const names = died.map((file) => relative(root, file));
console.log(`\n[test] no test failed, but the process of ${names.join(', ')} died before it finished (a native crash of the wrtc test client); running ${died.length === 1 ? 'it' : 'them'} once more\n`);
const rerunReport = join(reportDir, 'vitest-rerun-report.json');
const rerunStatus = vitest(names, rerunReport);
const rerun = readReport(rerunReport)?.testResults ?? [];
finish(rerunStatus, [...report.testResults.filter(complete), ...rerun]);
