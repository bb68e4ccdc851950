import type { BuiltApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { routeConsoleTo } from './observability/console.js';
import { serverLogger } from './observability/logger.js';
import { RequestContexts } from './observability/requestContext.js';
import { receiveBufferWarning } from './hostTuning.js';
import { startupProblem } from './startupProblem.js';
import type { Logger } from '../service/Logger.js';

/**
 * `npm start`: load config, build, start; on SIGINT/SIGTERM drain (new sessions refused, live
 * ones given `drainTimeoutMs`), stop and exit 0; SIGHUP reloads apps.json and the TLS certificate.
 * Anything that keeps it from starting is a line or two on stderr and exit code 1.
 */
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  failStart(error, undefined);
}
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
    else if (!starting) process.exit(0);
  });
}
let starting = true;

try {
  // Loaded only now: mediasoup keeps the console functions it finds when it loads.
  const { buildApp } = await import('./app.js');
  const app = await buildApp(config, log, requests);
  running.app = app;
  const url = await app.start();
  starting = false;
  if (stopSignal) shutDown(app, stopSignal);
  log.info('listening', {
    url,
    media: config.media.announcedAddress ?? config.media.listenIp,
    workers: app.pool.workers.length,
    apps: app.appsFile ? 'apps file' : config.apps.map((a) => a.id),
    ...(app.appsFile ? { appsFile: app.appsFile.file } : {}),
    pid: process.pid,
  });
  if (app.appsFile?.created) printFirstApp(url, app.appsFile.file, app.appsFile.created.id);
  const tuning = receiveBufferWarning();
  if (tuning) log.warn(tuning);
  reloadOnHangUp(app, log);
} catch (error) {
  await running.app?.stop().catch(() => {});
  failStart(error, config);
}

function failStart(error: unknown, loaded: Config | undefined): never {
  const problem = startupProblem(error, loaded);
  process.stderr.write(`${problem.message}\n`);
  if (problem.stack && loaded?.logLevel === 'debug') process.stderr.write(`${problem.stack}\n`);
  process.exit(1);
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

function reloadOnHangUp(app: BuiltApp, logger: Logger): void {
  process.on('SIGHUP', () => {
    logger.info('reloading apps', { signal: 'SIGHUP' });
    app.reloadApps();
    if (!config.tls) return;
    // certbot and friends renew the files in place; SIGHUP makes new connections use them.
    try {
      app.reloadTls();
    } catch (error) {
      logger.error('TLS reload failed; still serving the previous certificate', { error: (error as Error).message });
    }
  });
}

function printFirstApp(url: string, file: string, id: string): void {
  process.stdout.write(
    [
      '',
      `Created a first app; its id and secret are in ${file} (npm run apps -- list --show-secret).`,
      'Try it:',
      `  SECRET=$(node -p "require('${file}').apps[0].secret")`,
      `  curl -X POST -H "Authorization: Bearer $SECRET" ${url}/v1/apps/${id}/sessions/new`,
      'Join a room: npm run -s token -- --room lobby --identity <you> --name "<Your Name>"   (prints a link to open)',
      `REST loopback page (paste the secret there): ${url}/loopback.html#app=${id}`,
      '',
    ].join('\n'),
  );
}
