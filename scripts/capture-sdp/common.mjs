// Shared helpers for the SDP capture scripts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../test/fixtures/sdp/', import.meta.url));

/** Write an SDP exactly as produced (no line-ending normalisation). */
export function saveSdp(name, sdp) {
  if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) {
    throw new Error(`${name}: not an SDP: ${String(sdp).slice(0, 80)}`);
  }
  mkdirSync(FIXTURE_DIR, { recursive: true });
  writeFileSync(join(FIXTURE_DIR, name), sdp);
  const crlf = sdp.includes('\r\n');
  console.log(`wrote ${name} (${sdp.length} bytes, ${crlf ? 'CRLF' : 'LF'})`);
}

/** Version of an installed package (works even when package.json is not exported). */
export function packageVersion(name) {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8'));
      if (pkg.name === name) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/**
 * Runs each in-page capture function in `page` (Playwright or Puppeteer) and saves what it returns:
 * a key `a|b` names the SDPs of a capture that returns two.
 */
export async function runCaptures(page, captures) {
  for (const [name, fn] of Object.entries(captures)) {
    const result = await page.evaluate(`(${fn.toString()})()`);
    const names = name.split('|');
    const sdps = Array.isArray(result) ? result : [result];
    if (names.length !== sdps.length) throw new Error(`${name}: expected ${names.length} SDPs`);
    names.forEach((n, i) => saveSdp(n, sdps[i]));
  }
}
