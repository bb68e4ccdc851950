import { AppsFileError } from './appsFile.js';
import { ConfigError } from './configErrors.js';
import type { Config } from './config.js';
import { TlsFileError } from './tls.js';

/**
 * What kept `npm start` from starting, in a line or two that say what to change. The stack is kept
 * only for what was not foreseen (printed with SFU_LOG_LEVEL=debug).
 */
export function startupProblem(error: unknown, config: Config | undefined): { message: string; stack?: string } {
  if (error instanceof ConfigError || error instanceof AppsFileError || error instanceof TlsFileError) return { message: error.message };
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (syscall === 'listen' && config) {
    const where = `port ${config.port} on ${config.host}`;
    if (code === 'EADDRINUSE') return { message: `${where} is already in use (another SFU running?): stop that process, or set SFU_PORT to a free port` };
    if (code === 'EACCES') return { message: `${where} needs privileges this process lacks: set SFU_PORT to 1024 or above` };
    if (code === 'EADDRNOTAVAIL') return { message: `SFU_HOST ${config.host} is not an address of this machine` };
  }
  if (typeof syscall === 'string' && syscall.startsWith('spawn') && (code === 'ENOENT' || code === 'EACCES')) {
    return { message: `the mediasoup worker binary ${path ?? ''} is missing or not executable: run \`bash scripts/setup.sh\` (or \`npm run worker:install\`)` };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (config?.media.rtcPort !== undefined && /address already in use|EADDRINUSE/i.test(message)) {
    return { message: `a media port from SFU_RTC_PORT ${config.media.rtcPort} (one per worker) is already in use: set SFU_RTC_PORT to a free port` };
  }
  return { message: `start-up failed: ${message}`, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}
