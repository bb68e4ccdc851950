// Re-capture every SDP fixture in test/fixtures/sdp/.
// Usage: node scripts/capture-sdp/capture-all.mjs [path-to-chromium]
// Each capture script runs in its own process (wrtc and Chromium both hold
// native resources) and must exit on its own within the timeout.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scripts = ['chromium.mjs', 'firefox.mjs', 'wrtc.mjs', 'werift.mjs'];
let failed = false;
for (const script of scripts) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const args = script === 'chromium.mjs' ? process.argv.slice(2) : [];
  console.log(`--- ${script}`);
  const r = spawnSync(process.execPath, [path, ...args], { stdio: 'inherit', timeout: 180_000 });
  if (r.status !== 0) {
    console.error(`${script} failed (status ${r.status}, signal ${r.signal}, error ${r.error ?? 'none'})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
