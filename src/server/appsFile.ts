import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as z from 'zod/v4';
import type { AppConfig } from '../service/apps/AppRegistry.js';

/**
 * `<dataDir>/apps.json`: the apps `npm start` serves when neither `SFU_APPS` nor the config file
 * names any, and that `npm run apps` administers. It holds secrets: always mode 0600, written whole
 * to a temporary file and renamed over, so a reader (the running server) never sees half of it.
 */
export function appsFilePath(dataDir: string): string {
  return resolve(join(dataDir, 'apps.json'));
}

/** apps.json that cannot be used: one line naming the file. */
export class AppsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppsFileError';
  }
}

const storedApp = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'an id must be 1-128 characters of A-Z a-z 0-9 _ -'),
  secret: z.string().min(8, 'a secret must have at least 8 characters'),
  name: z.string().optional(),
  retiredSecrets: z.array(z.strictObject({ secret: z.string(), validUntil: z.iso.datetime() })).optional(),
});
const storedFile = z.strictObject({ apps: z.array(storedApp) });
type StoredFile = z.output<typeof storedFile>;

/** The apps in `file`, or undefined when there is no such file. Refuses a broken one, saying where. */
export function readAppsFile(file: string): AppConfig[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppsFileError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppsFileError(`${file} is not valid JSON (${(error as Error).message}): fix it, or move it away to start with a new app`);
  }
  const parsed = storedFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppsFileError(`${file}: ${issue.path.length > 0 ? `"${issue.path.join('.')}": ` : ''}${issue.message} (expected {"apps": [{"id", "secret", "name"?}]})`);
  }
  return parsed.data.apps.map(({ retiredSecrets, ...app }) => ({
    ...app,
    ...(retiredSecrets ? { retiredSecrets: retiredSecrets.map((r) => ({ secret: r.secret, validUntil: new Date(r.validUntil) })) } : {}),
  }));
}

/** Writes `apps` to `file` (mode 0600, atomically), leaving out retired secrets past their grace. */
export function writeAppsFile(file: string, apps: readonly AppConfig[], now = Date.now()): void {
  const stored: StoredFile = {
    apps: apps.map(({ retiredSecrets = [], ...app }) => {
      const live = retiredSecrets.filter((r) => r.validUntil.getTime() > now);
      return { ...app, ...(live.length > 0 ? { retiredSecrets: live.map((r) => ({ secret: r.secret, validUntil: r.validUntil.toISOString() })) } : {}) };
    }),
  };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  // The mode is set explicitly: `mode` above is masked by the umask.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** Narrows an existing file's mode to 0600 (one copied in, or written by an older version); whether it had to. */
export function keepPrivate(file: string): boolean {
  if (!existsSync(file) || (statSync(file).mode & 0o777) === 0o600) return false;
  chmodSync(file, 0o600);
  return true;
}

export function newApp(name?: string): AppConfig {
  return { id: randomBytes(16).toString('hex'), secret: newSecret(), ...(name !== undefined ? { name } : {}) };
}

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The apps to serve when none are configured: those saved in `<dataDir>/apps.json`, or on first
 * start (no file) a new one written there, so restarts keep it. A file whose apps were all removed
 * stays empty.
 */
export function appsFromDataDir(dataDir: string): { apps: AppConfig[]; created?: AppConfig; file: string; tightened: boolean } {
  const file = appsFilePath(dataDir);
  const saved = readAppsFile(file);
  if (saved) return { apps: saved, file, tightened: keepPrivate(file) };
  const created = newApp('default');
  writeAppsFile(file, [created]);
  return { apps: [created], created, file, tightened: false };
}

/**
 * Calls `onChange` after `file` is written (by `npm run apps`, or by hand). The directory is
 * watched, not the file: a rename over it replaces the file the watch would have held.
 */
export function watchAppsFile(file: string, onChange: () => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), (_event, name) => {
      if (name !== basename(file)) return;
      clearTimeout(timer);
      // Editors write in several steps: read once they are done.
      timer = setTimeout(onChange, 100);
    });
  } catch {
    // No watching (some network file systems): SIGHUP still reloads.
  }
  return {
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
