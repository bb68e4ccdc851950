import { execute } from '@graphql-tools/executor';
import { createSourceEventStream, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';

export interface SharedEventResultsOptions {
  /**
   * The subscriber's view: subscribers of one view may be sent the same answer (see `viewOf`);
   * undefined for one that shares with nobody.
   */
  viewOf: (context: unknown) => string | undefined;
  /**
   * How long one event's answer is shared. It reads state "now" (`session`, `participant`), so a
   * subscriber that comes to the event later (replaying with `since`, or catching up) gets it
   * resolved again. @default 1000
   */
  shareForMs?: number;
}

type Subscribe = (args: ExecutionArgs) => Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;

interface SharedAnswer {
  result: ExecutionResult | Promise<ExecutionResult>;
  at: number;
}

/**
 * A subscribe function that resolves each event once for every subscriber of the same view,
 * document, operation and variables, instead of once per subscriber: a room of a thousand
 * subscribers costs one execution per event, not a thousand. What is shared is the answer; each
 * subscriber still has its own source stream (its own filter, buffer, quota slot) and its own
 * transport, and masking and logging still see each subscriber's result.
 *
 * The source stream is graphql-js's `createSourceEventStream`; each event is executed by the
 * executor yoga itself uses (`@graphql-tools/executor`), so an answer is what yoga would have sent.
 * A shared execution runs without the first subscriber's abort signal: one leaving must not cut
 * the answer short for the others.
 */
export function sharedSubscribe({ viewOf, shareForMs = 1000 }: SharedEventResultsOptions): Subscribe {
  /** Per event (the payload object every subscriber's stream yields), its answers by operation, then view. */
  const answers = new WeakMap<object, Map<string, Map<string, SharedAnswer>>>();
  const printed = new WeakMap<DocumentNode, string>();
  const documentKey = (document: DocumentNode): string => {
    let key = printed.get(document);
    if (key === undefined) printed.set(document, (key = print(document)));
    return key;
  };

  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const { signal: _own, ...unsignalled } = args as ExecutionArgs & { signal?: AbortSignal };
    const run = (payload: unknown) => execute({ ...unsignalled, rootValue: payload }) as ExecutionResult | Promise<ExecutionResult>;
    // One string per subscription, reused for every event: its hash is computed once.
    const operationKey = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${documentKey(args.document)}`;

    return mapAsyncIterator(source, (payload: unknown) => {
      // Read per event: a token that expired since the last one moves its holder to another view.
      const view = viewOf(args.contextValue);
      if (view === undefined || typeof payload !== 'object' || payload === null) return run(payload);
      let byOperation = answers.get(payload);
      if (!byOperation) answers.set(payload, (byOperation = new Map()));
      let byView = byOperation.get(operationKey);
      if (!byView) byOperation.set(operationKey, (byView = new Map()));
      const now = performance.now();
      const shared = byView.get(view);
      if (shared && now - shared.at <= shareForMs) return shared.result;
      const answer = { result: run(payload), at: now };
      byView.set(view, answer);
      return answer.result;
    });
  };
}
