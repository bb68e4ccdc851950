import type { Plugin } from 'graphql-yoga';
import { viewOf, type Caller } from '../../src/service/index.js';
import { sharedSubscribe } from '../sharedEventResults.js';

/**
 * Subscriptions resolve each event once per view (the app, or one room: `viewOf`), document and
 * variables, and send that answer to every subscriber of it (sharedEventResults.ts), over
 * graphql-ws and SSE alike: the fan-out to a room costs one execution per event.
 */
export function useSharedEventResults(): Plugin<{ caller?: Caller }> {
  const subscribe = sharedSubscribe({
    viewOf: (context) => {
      const caller = (context as { caller?: Caller }).caller;
      return caller ? viewOf(caller) : undefined;
    },
  });
  return {
    onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(subscribe as never),
  };
}
