import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../../src/service/Logger.js';
import { sfuErrorIn } from './errors.js';

/**
 * yoga's logger over the service's: a masked (unexpected) error is logged once at error level with
 * its stack; an SfuError a client caused is only debug.
 */
export function sfuYogaLogger(log: Logger): YogaLogger {
  const fields = (args: unknown[]): Record<string, unknown> => ({
    detail: args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a))),
  });
  return {
    debug: (...args: unknown[]) => log.debug('graphql', fields(args)),
    info: (...args: unknown[]) => log.info('graphql', fields(args)),
    warn: (...args: unknown[]) => log.warn('graphql', fields(args)),
    error: (...args: unknown[]) =>
      args.some((a) => sfuErrorIn(a)) ? log.debug('graphql client error', fields(args)) : log.error('graphql request failed', fields(args)),
  };
}
