import type { ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { SfuError, type App, type Logger } from '../../src/service/index.js';
import { isGraphQLError } from '../server/errors.js';

/**
 * Logs each unexpected error of an operation once, at error level, with the app it ran for and the
 * field's path (never the variables: they may carry SDP or metadata). Registered before yoga's
 * masking, so it still sees the original error and its stack; errors a client caused (SfuError,
 * GraphQL's own) are not logged. Both HTTP and WebSocket operations pass through it. An event's
 * answer is shared by its subscribers (useSharedEventResults), so an error is logged once, not once
 * per subscriber.
 */
export function useErrorLog(log: Logger): Plugin<{ app?: App }> {
  const logged = new WeakSet<GraphQLError>();
  const logUnexpected = (result: ExecutionResult, app: App | undefined): void => {
    for (const error of result.errors ?? []) {
      if (logged.has(error)) continue;
      logged.add(error);
      const original = unexpectedCause(error);
      if (original) log.error('graphql operation failed', { appId: app?.id, path: error.path?.join('.'), error: original.stack ?? original.message });
    }
  };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => logUnexpected(result, (args.contextValue as { app?: App }).app)),
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload as never, ({ result }) => logUnexpected(result, (args.contextValue as { app?: App }).app)),
      onSubscribeError: ({ error }) => {
        const original = error instanceof SfuError || isGraphQLError(error) ? undefined : (error as Error);
        if (original) log.error('graphql subscription failed', { appId: (args.contextValue as { app?: App }).app?.id, error: original.stack ?? String(original) });
      },
    }),
  };
}

/** The thrown value behind a GraphQL error when it is neither the client's fault nor GraphQL's own. */
function unexpectedCause(error: GraphQLError): Error | undefined {
  let cause: unknown = error.originalError;
  for (let depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof SfuError) return undefined;
    if (!isGraphQLError(cause)) return cause as Error;
    cause = cause.originalError;
  }
  return undefined;
}
