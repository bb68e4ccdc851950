import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { GraphQLObserver } from '../server/observer.js';

/**
 * Reports each operation, HTTP or WebSocket, to the observer: its type and whether its result
 * had errors (a subscription counts once, when it starts, or fails to).
 */
export function useObserver(observer: GraphQLObserver): Plugin {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result }) => {
          const type = operationType(args.document, args.operationName);
          if (type !== 'subscription') observer.operation(type, !result.errors?.length);
        }),
    }),
    onSubscribe: () => ({
      onSubscribeResult: () => observer.operation('subscription', true),
      onSubscribeError: () => observer.operation('subscription', false),
    }),
  };
}

function operationType(document: { definitions: readonly { kind: string; operation?: string; name?: { value: string } }[] }, name?: string | null): 'query' | 'mutation' | 'subscription' {
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const chosen = (name ? operations.find((d) => d.name?.value === name) : undefined) ?? operations[0];
  return chosen?.operation === 'mutation' || chosen?.operation === 'subscription' ? chosen.operation : 'query';
}
