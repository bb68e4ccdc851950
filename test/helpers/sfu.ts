import { buildApp, type BuiltApp } from '../../src/server/app.js';
import { resolveConfig, type ConfigInput } from '../../src/server/config.js';
import { silentLogger, type Logger } from '../../src/service/Logger.js';

export const testApps = [
  { id: 'app-one', secret: 'secret-of-app-one' },
  { id: 'app-two', secret: 'secret-of-app-two' },
] as const;

export interface RunningSfu extends BuiltApp {
  url: string;
}

/**
 * A real SFU on loopback: real mediasoup workers, a free HTTP port, the test apps. Its log goes
 * to `log` when given (every level), else nowhere (stderr with SFU_TEST_LOG set).
 */
export async function startSfu(overrides: ConfigInput = {}, log?: Logger): Promise<RunningSfu> {
  const config = resolveConfig({
    host: '127.0.0.1',
    port: 0,
    apps: testApps.map((a) => ({ ...a })),
    logLevel: 'warn',
    ...overrides,
    media: { workers: 1, listenIp: '127.0.0.1', ...overrides.media },
  });
  const app = await buildApp(config, log ?? (process.env['SFU_TEST_LOG'] ? undefined : silentLogger));
  const url = await app.start();
  // Assigned, not spread: the app's getters (draining) stay live.
  return Object.assign(app, { url });
}
