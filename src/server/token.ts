import { parseArgs } from 'node:util';
import { mintAccessToken, type Grants } from '../service/access/accessToken.js';
import { AppRegistry } from '../service/apps/AppRegistry.js';
import { appsFromDataDir } from './appsFile.js';
import { loadConfig } from './config.js';

/**
 * `npm run token -- --room R --identity I [--ttl 1h] [--name N] [--no-publish] ...`: mints an
 * access token with an app secret of this server's config (SFU_APPS, the config file, or
 * data/apps.json, as `npm start` reads them). The token goes to stdout alone, so
 * `TOKEN=$(npm run -s token -- ...)` works; the room page's link goes to stderr.
 */
const usage = `usage: npm run token -- --room <room> --identity <identity> [options]

  --room <name>        the one room the token admits to (required)
  --identity <id>      the participant, the token's "sub" (required)
  --name <text>        display name shown to the room
  --metadata <json>    participant data shown to the room
  --ttl <duration>     how long it is valid: 3600, 90s, 30m, 1h, 24h (default 1h, at most 24h)
  --no-publish         no audio/video publishing (canPublish: false)
  --no-subscribe       no pulling of others' tracks (canSubscribe: false)
  --no-data            no DataChannel publishing (canPublishData: false)
  --app <id>           which app signs it (default: the first one)
  --url <base>         the server's URL for the printed room link (default http://127.0.0.1:<port>)
`;

function main(): void {
  const { values } = parseArgs({
    options: {
      room: { type: 'string' },
      identity: { type: 'string' },
      name: { type: 'string' },
      metadata: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      'no-publish': { type: 'boolean', default: false },
      'no-subscribe': { type: 'boolean', default: false },
      'no-data': { type: 'boolean', default: false },
      app: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (!values.room || !values.identity) throw new Error('--room and --identity are required');
  const config = loadConfig();
  const apps = config.apps.length > 0 ? config.apps : appsFromDataDir(config.dataDir).apps;
  const app = values.app ? apps.find((a) => a.id === values.app) : apps[0];
  if (!app) throw new Error(`no app ${values.app} in this server's config (apps: ${apps.map((a) => a.id).join(', ')})`);
  const grants: Partial<Grants> = {};
  if (values['no-publish']) grants.canPublish = false;
  if (values['no-subscribe']) grants.canSubscribe = false;
  if (values['no-data']) grants.canPublishData = false;
  const request = {
    room: values.room,
    identity: values.identity,
    ttlSeconds: durationSeconds(values.ttl),
    grants,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.metadata !== undefined ? { metadata: parseJson(values.metadata) } : {}),
  };
  const registry = new AppRegistry([app]);
  mintAccessToken(app.id, registry.signingKey(app.id), request, config.limits).then(
    ({ token, expiresAt }) => {
      const base = values.url ?? `http://127.0.0.1:${config.port}`;
      process.stdout.write(`${token}\n`);
      process.stderr.write(`valid until ${expiresAt.toISOString()}; join the room: ${base}/#token=${token}\n`);
    },
    fail,
  );
}

/** `3600`, `90s`, `30m`, `1h`: seconds. */
function durationSeconds(text: string): number {
  const match = /^(\d+)([smh]?)$/.exec(text.trim());
  if (!match) throw new Error(`--ttl must be a number of seconds or like 90s, 30m, 1h; got "${text}"`);
  return Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[match[2]!]!;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('--metadata must be JSON');
  }
}

function fail(error: unknown): void {
  process.stderr.write(`token: ${(error as Error).message}\n\n${usage}`);
  process.exitCode = 2;
}

try {
  main();
} catch (error) {
  fail(error);
}
