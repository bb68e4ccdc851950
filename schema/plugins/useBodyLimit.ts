import type { Plugin } from 'graphql-yoga';
import { readBodyAtMost } from '../../src/service/index.js';

/**
 * Refuses request bodies larger than `maxBytes` (the REST face's limit, `SFU_MAX_BODY_BYTES`) with
 * 413 and `extensions.code: payload_too_large`: by Content-Length before reading, and while reading
 * a body sent without one (chunked), so no more than `maxBytes` is ever buffered.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse }) {
      if (!request.body) return;
      const declared = request.headers.get('content-length');
      // A declared length within the limit bounds what yoga reads: leave that request (and its abort signal) as it is.
      if (declared !== null && Number(declared) <= maxBytes) return;
      const body = await readBodyAtMost(request, maxBytes);
      if (body === undefined) {
        endResponse(
          Response.json(
            { errors: [{ message: `the body is larger than ${maxBytes} bytes`, extensions: { code: 'payload_too_large' } }] },
            { status: 413 },
          ),
        );
      } else {
        setRequest(new Request(request.url, { method: request.method, headers: request.headers, body }));
      }
    },
  };
}
