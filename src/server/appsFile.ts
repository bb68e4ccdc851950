import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../service/apps/AppRegistry.js';

/**
 * The apps to serve when none are configured: those saved in `<dataDir>/apps.json`, or on first
 * start a new one written there (mode 0600) so restarts keep it.
 */
export function appsFromDataDir(dataDir: string): { apps: AppConfig[]; created?: AppConfig; file: string } {
  const file = resolve(join(dataDir, 'apps.json'));
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { apps?: AppConfig[] };
    if (Array.isArray(saved.apps) && saved.apps.length > 0) return { apps: saved.apps, file };
  }
  const created: AppConfig = { id: randomBytes(16).toString('hex'), secret: randomBytes(32).toString('hex'), name: 'default' };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ apps: [created] }, null, 2)}\n`, { mode: 0o600 });
  return { apps: [created], created, file };
}
