import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../src/service/index.js';

/** What an empty refusal of yoga's means, as the contract's code and a message a developer can act on. */
const refusals: Record<number, { code: ErrorCode; message: string }> = {
  406: {
    code: 'invalid_params',
    message: 'the Accept header allows no answer this operation can have: a subscription needs text/event-stream (SSE) or graphql-ws, a query application/json',
  },
  415: { code: 'decoding_error', message: 'the body must be sent as Content-Type: application/json (or application/graphql-response+json)' },
};

/**
 * yoga answers some refusals (an unsupported Content-Type, an Accept it cannot serve) with a bare
 * status and no body; give them the GraphQL error shape with the contract's code, as every other
 * error has.
 */
export function useErrorBodies(): Plugin {
  return {
    onResponse({ response, setResponse }) {
      const refusal = refusals[response.status];
      if (!refusal || response.headers.get('content-type')) return;
      const headers = new Headers(response.headers);
      headers.set('Content-Type', 'application/json');
      setResponse(new Response(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }), { status: response.status, headers }));
    },
  };
}
