import { useOnResolve } from '@envelop/on-resolve';
import type { ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { SfuError } from '../../src/service/index.js';

interface FieldBudget {
  limit: number;
  left: number;
}

/**
 * Bounds the fields one operation (or one event of a subscription) may resolve. The static limits
 * (depth, aliases, cost) cannot see list sizes: `sessions { tracks { publisher { tracks ...` is
 * shallow but multiplies by every list it crosses, and could build gigabytes. Counting resolved
 * fields stops such an answer after `limit` of them with `invalid_params`; the subtree that would
 * follow is never resolved. The budget lives in the operation's context, so every wrapping of the
 * (shared) schema counts the same way.
 */
export function useFieldBudget(limit: number): Plugin<{ fieldBudget?: FieldBudget }> {
  // Past the budget every field still started fails: one error says it for all of them.
  const collapse = ({ result, setResult }: { result: ExecutionResult; setResult: (result: ExecutionResult) => void }): void => {
    const errors = result.errors ?? [];
    const over = errors.filter((e) => e.message === overBudget(limit));
    if (over.length > 1) setResult({ ...result, errors: [...errors.filter((e) => e.message !== overBudget(limit)), over[0]!] });
  };
  return {
    onExecute: () => ({ onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, collapse) }),
    onSubscribe: () => ({ onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload as never, collapse) }),
    onContextBuilding({ extendContext }) {
      extendContext({ fieldBudget: { limit, left: limit } });
    },
    onPluginInit({ addPlugin }) {
      addPlugin(
        useOnResolve(({ context, info }) => {
          const budget = (context as { fieldBudget?: FieldBudget }).fieldBudget;
          if (!budget) return;
          // Each event of a subscription is an answer of its own.
          if (info.path.prev === undefined && info.operation.operation === 'subscription') budget.left = budget.limit;
          budget.left -= 1;
          if (budget.left < 0) {
            throw new SfuError('invalid_params', overBudget(budget.limit));
          }
        }) as Plugin,
      );
    },
  };
}

function overBudget(limit: number): string {
  return `the answer would have more than ${limit} fields: select fewer, or fewer nested lists`;
}
