import { parseArgs } from 'node:util';
import type { AppConfig } from '../service/apps/AppRegistry.js';
import { appsFilePath, newApp, newSecret, readAppsFile, writeAppsFile } from './appsFile.js';
import { loadConfig, type Config } from './config.js';
import { startupProblem } from './startupProblem.js';

/**
 * `npm run apps -- list|create|rotate|remove`: administers `<dataDir>/apps.json`, the file
 * `npm start` serves apps from (same config: SFU_DATA_DIR, SFU_CONFIG). A running server reloads
 * it when it changes, so what this does takes effect without a restart.
 */
const usage = `usage: npm run apps -- <command> [options]

  list [--show-secret]            the apps: id, name, and whether a rotated-out secret is still valid
  create [--name <text>]          a new app; prints its id and secret
  rotate <id> [--grace <time>]    a new secret for the app; the old one (and the tokens it signed) stay
                                  valid for the grace: 0, 90s, 30m, 24h, 7d (default SFU_APP_SECRET_GRACE_MS, 24h)
  remove <id>                     the app is no longer served: its next call is refused

  --json                          output as JSON (list, create, rotate)
`;

class UsageError extends Error {}

function main(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'show-secret': { type: 'boolean', default: false },
      name: { type: 'string' },
      grace: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command, id, ...extra] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(usage);
    return;
  }
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
  const config = loadConfig();
  const file = appsFilePath(config.dataDir);
  const apps = readAppsFile(file) ?? [];
  const print = (text: string, json: unknown): void => {
    process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  };
  const save = (next: AppConfig[]): void => {
    refuseWhenConfigured(config);
    writeAppsFile(file, next);
  };
  switch (command) {
    case 'list': {
      const shown = apps.map((app) => describe(app, values['show-secret']));
      print(apps.length === 0 ? `no apps in ${file}: npm run apps -- create` : shown.map((app) => line(app)).join('\n'), shown);
      if (config.apps.length > 0) process.stderr.write(`note: the server serves SFU_APPS (or the config file's "apps"), not ${file}\n`);
      return;
    }
    case 'create': {
      if (id !== undefined) throw new UsageError('create takes no id: one is generated (use --name for a label)');
      const app = newApp(values.name);
      save([...apps, app]);
      print(`created app ${app.id}\nid:     ${app.id}\nsecret: ${app.secret}\n(in ${file}; a running server serves it now)`, { id: app.id, secret: app.secret, ...(app.name ? { name: app.name } : {}) });
      return;
    }
    case 'rotate': {
      const app = find(apps, id, file);
      const graceMs = values.grace !== undefined ? durationMs(values.grace) : config.appSecretGraceMs;
      const validUntil = new Date(Date.now() + graceMs);
      const rotated: AppConfig = { ...app, secret: newSecret(), retiredSecrets: [{ secret: app.secret, validUntil }, ...(app.retiredSecrets ?? [])] };
      save(apps.map((candidate) => (candidate.id === app.id ? rotated : candidate)));
      const until = graceMs === 0 ? 'the old secret is refused from now on' : `the old secret, and access tokens it signed, stay valid until ${validUntil.toISOString()}`;
      print(`new secret for app ${app.id}\nsecret: ${rotated.secret}\n${until}`, { id: app.id, secret: rotated.secret, oldSecretValidUntil: validUntil.toISOString() });
      return;
    }
    case 'remove': {
      const app = find(apps, id, file);
      save(apps.filter((candidate) => candidate.id !== app.id));
      print(`removed app ${app.id}: new calls with its secret or tokens are refused; its live sessions run until they end`, { id: app.id, removed: true });
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Changing apps.json would not change what the server serves: say so instead. */
function refuseWhenConfigured(config: Config): void {
  if (config.apps.length > 0) {
    throw new Error('this server serves the apps of SFU_APPS (or the config file\'s "apps"), not apps.json: change those, or remove them to serve apps.json');
  }
}

function find(apps: AppConfig[], id: string | undefined, file: string): AppConfig {
  if (id === undefined) throw new UsageError('which app? give its id (npm run apps -- list)');
  const app = apps.find((candidate) => candidate.id === id);
  if (!app) throw new Error(`no app ${id} in ${file} (apps: ${apps.map((a) => a.id).join(', ') || 'none'})`);
  return app;
}

interface ShownApp {
  id: string;
  name?: string;
  secret: string;
  oldSecretValidUntil?: string;
}

function describe(app: AppConfig, showSecret: boolean): ShownApp {
  const live = (app.retiredSecrets ?? []).filter((retired) => retired.validUntil.getTime() > Date.now());
  const last = live.map((retired) => retired.validUntil).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    id: app.id,
    ...(app.name !== undefined ? { name: app.name } : {}),
    secret: showSecret ? app.secret : `${app.secret.slice(0, 4)}… (--show-secret)`,
    ...(last ? { oldSecretValidUntil: last.toISOString() } : {}),
  };
}

function line(app: ShownApp): string {
  return [app.id, app.name ?? '-', app.secret, app.oldSecretValidUntil ? `old secret valid until ${app.oldSecretValidUntil}` : ''].join('  ').trimEnd();
}

/** `0`, `90` (seconds), `90s`, `30m`, `24h`, `7d`: milliseconds. */
function durationMs(text: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--grace must be like 0, 90s, 30m, 24h or 7d; got "${text}"`);
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's']!;
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`apps: ${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`apps: ${startupProblem(error, undefined).message.replace(/^start-up failed: /, '')}\n`);
    process.exitCode = 1;
  }
}
