#!/usr/bin/env node
/**
 * `npm test`: the whole suite, once. A test file whose process died without reporting any result,
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

const args = process.argv.slice(2);
const firstReport = join(reportDir, 'vitest-report.json');
const status = vitest(args, firstReport);
if (status === 0 || args.length > 0) process.exit(status);

let report;
try {
  report = JSON.parse(readFileSync(firstReport, 'utf8'));
} catch {
  process.exit(status);
}
const failedTests = report.testResults.flatMap((file) => file.assertionResults.filter((a) => a.status === 'failed'));
// A file whose process died is listed with every test still "pending".
const ran = (file) => file.assertionResults.some((a) => a.status !== 'pending');
const reported = new Set(report.testResults.filter(ran).map((file) => file.name));
const died = testFiles(join(root, 'test')).filter((file) => !reported.has(file));
if (failedTests.length > 0 || died.length === 0 || died.length > 3) process.exit(status);

const names = died.map((file) => relative(root, file));
console.log(`\n[test] no test failed, but the process of ${names.join(', ')} died without a result (a native crash of the wrtc test client); running ${died.length === 1 ? 'it' : 'them'} once more\n`);
process.exit(vitest(names, join(reportDir, 'vitest-rerun-report.json')));
