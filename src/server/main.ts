import { buildApp, type BuiltApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { startupProblem } from './startupProblem.js';
import { jsonLogger, type Logger } from '../service/Logger.js';

/**
 * `npm start`: load config, build, start, and stop cleanly on SIGINT/SIGTERM; SIGHUP reloads
 * apps.json. Anything that keeps it from starting is a line or two on stderr and exit code 1.
 */
async function main(): Promise<void> {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const log = jsonLogger(config.logLevel);
    const app = await buildApp(config, log);
    const url = await app.start();
    log.info('listening', {
      url,
      media: config.media.announcedAddress ?? config.media.listenIp,
      workers: app.pool.workers.length,
      apps: app.appsFile ? 'apps file' : config.apps.map((a) => a.id),
      ...(app.appsFile ? { appsFile: app.appsFile.file } : {}),
    });
    if (app.appsFile?.created) printFirstApp(url, app.appsFile.file, app.appsFile.created.id);
    handleSignals(app, log, config);
  } catch (error) {
    const problem = startupProblem(error, config);
    process.stderr.write(`${problem.message}\n`);
    if (problem.stack && config?.logLevel === 'debug') process.stderr.write(`${problem.stack}\n`);
    process.exit(1);
  }
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

function handleSignals(app: BuiltApp, log: Logger, config: Config): void {
  process.on('SIGHUP', () => {
    log.info('reloading apps', { signal: 'SIGHUP' });
    app.reloadApps();
    if (!config.tls) return;
    // certbot and friends renew the files in place; SIGHUP makes new connections use them.
    try {
      app.reloadTls();
    } catch (error) {
      log.error('TLS reload failed; still serving the previous certificate', { error: (error as Error).message });
    }
  });
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
}

await main();
