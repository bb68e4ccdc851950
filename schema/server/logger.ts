import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../../src/service/index.js';
import { isGraphQLError, sfuErrorIn } from './errors.js';

/**
 * yoga's logger over the service's. yoga logs every error its masking changes: GraphQL errors
 * (a client's bad request, or an execution error useErrorLog already logged with its app) are
 * only debug here; anything else (a failure outside any operation) is logged at error level with
 * its stack.
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
      args.some((a) => sfuErrorIn(a) || isGraphQLError(a)) ? log.debug('graphql error', fields(args)) : log.error('graphql request failed', fields(args)),
  };
}
