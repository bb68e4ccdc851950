import type { BuiltApp } from './app.js';
import { appsFromDataDir } from './appsFile.js';
import { loadConfig } from './config.js';
import { routeConsoleTo } from './observability/console.js';
import { serverLogger } from './observability/logger.js';
import { RequestContexts } from './observability/requestContext.js';

/**
 * `npm start`: load config, build, start; on SIGINT/SIGTERM drain (new sessions refused, live
 * ones given `drainTimeoutMs`), stop and exit 0.
 */
const config = loadConfig();
const requests = new RequestContexts();
const log = serverLogger({ level: config.logLevel, requests });
routeConsoleTo(log);
process.on('uncaughtException', (error) => {
  log.error('uncaught exception: exiting', { error: error.stack ?? String(error) });
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  log.error('unhandled promise rejection: exiting', { error: (reason as Error)?.stack ?? String(reason) });
  process.exit(1);
});
// Registered before anything starts: a signal during startup stops the server once it is up.
// A second signal while draining changes nothing: a terminal's Ctrl-C reaches node both from the
// terminal and forwarded by npm.
let stopSignal: NodeJS.Signals | undefined;
/** The app once it is built (a signal may come before). */
const running: { app?: BuiltApp } = {};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopSignal) return;
    stopSignal = signal;
    if (running.app) shutDown(running.app, signal);
  });
}

function shutDown(app: BuiltApp, signal: NodeJS.Signals): void {
  log.info('stopping: draining', { signal, drainTimeoutMs: config.drainTimeoutMs });
  app.drain(config.drainTimeoutMs).then(
    () => {
      log.info('stopped');
      process.exit(0);
    },
    (error: unknown) => {
      log.error('stop failed', { error: String(error) });
      process.exit(1);
    },
  );
}

// Loaded only now: mediasoup keeps the console functions it finds when it loads.
const { buildApp } = await import('./app.js');

let firstApp: { id: string; file: string } | undefined;
if (config.apps.length === 0) {
  const saved = appsFromDataDir(config.dataDir);
  config.apps = saved.apps;
  if (saved.created) firstApp = { id: saved.created.id, file: saved.file };
}

const app = await buildApp(config, log, requests);
running.app = app;
const url = await app.start();
if (stopSignal) shutDown(app, stopSignal);
log.info('listening', { url, workers: app.pool.workers.length, apps: config.apps.map((a) => a.id), pid: process.pid });
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

