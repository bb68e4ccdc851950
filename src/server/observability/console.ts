import { format } from 'node:util';
import type { Logger } from '../../service/Logger.js';

/**
 * Sends what would be stray text on stderr through the logger, as JSON lines like the rest:
 * `console.*` (libraries' own prints; mediasoup's `debug` output, its worker's stderr among it,
 * which mediasoup logs with console.error/warn) and Node's process warnings. Call it before
 * mediasoup is loaded: its loggers keep the console functions they find at load.
 *
 * The `debug` namespaces of mediasoup's warnings and errors are turned on unless `DEBUG` is set,
 * so a worker's crash report is no longer silent by default.
 */
export function routeConsoleTo(log: Logger): void {
  const line = (level: keyof Logger) => (...args: unknown[]) => log[level](format(...args), { source: 'console' });
  console.error = line('error');
  console.warn = line('warn');
  console.info = line('info');
  console.log = line('info');
  console.debug = line('debug');
  console.trace = line('debug');
  process.env['DEBUG'] ??= 'mediasoup:WARN*,mediasoup:ERROR*';
  process.env['DEBUG_HIDE_DATE'] ??= 'true';
  process.env['DEBUG_COLORS'] ??= 'false';
  // Shown once through the logger; `npm start` runs node with --no-warnings so Node does not print it too.
  process.on('warning', (warning) => log.warn('node warning', { name: warning.name, warning: warning.message, source: 'process' }));
}
