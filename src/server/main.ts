import { buildApp } from './app.js';
import { appsFromDataDir } from './appsFile.js';
import { loadConfig } from './config.js';
import { jsonLogger } from '../service/Logger.js';

/** `npm start`: load config, build, start, and stop cleanly on SIGINT/SIGTERM. */
const config = loadConfig();
const log = jsonLogger(config.logLevel);
let firstApp: { id: string; file: string } | undefined;
if (config.apps.length === 0) {
  const saved = appsFromDataDir(config.dataDir);
  config.apps = saved.apps;
  if (saved.created) firstApp = { id: saved.created.id, file: saved.file };
}

const app = await buildApp(config, log).catch((error: unknown) => {
  // A bad certificate or key is the operator's to fix: say which file, without a stack trace.
  log.error('cannot start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
const url = await app.start();
log.info('listening', { url, workers: app.pool.workers.length, apps: config.apps.map((a) => a.id) });
if (firstApp) {
  process.stdout.write(
    [
      '',
      `Created a first app; its id and secret are in ${firstApp.file}.`,
      'Try it:',
      `  SECRET=$(node -p "require('${firstApp.file}').apps[0].secret")`,
      `  curl -X POST -H "Authorization: Bearer $SECRET" ${url}/v1/apps/${firstApp.id}/sessions/new`,
      'Join a room: npm run -s token -- --room lobby --identity <you> --name "<Your Name>"   (prints a link to open)',
      `REST loopback page (paste the secret there): ${url}/loopback.html#app=${firstApp.id}`,
      '',
    ].join('\n'),
  );
}

if (config.tls) {
  // certbot and friends renew the files in place; SIGHUP makes new connections use them.
  process.on('SIGHUP', () => {
    try {
      app.reloadTls();
    } catch (error) {
      log.error('TLS reload failed; still serving the previous certificate', { error: (error as Error).message });
    }
  });
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
