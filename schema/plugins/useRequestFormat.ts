import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../src/service/index.js';

/** The bodies this API reads: JSON, as GraphQL over HTTP requires every server to accept. */
const jsonBody = /^application\/(json|graphql-response\+json)\s*(;|$)/i;

/**
 * Refuses, in the contract's shape, requests yoga would otherwise read in forms this API does not
 * promise (form-encoded and `application/graphql` bodies) or fail on with a 500 (GET `variables`
 * or `extensions` that are not JSON objects).
 */
export function useRequestFormat(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method === 'POST') {
        if (!jsonBody.test(request.headers.get('content-type') ?? '')) {
          endResponse(refusal(415, 'decoding_error', 'the body must be sent as Content-Type: application/json'));
        }
        return;
      }
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value !== null && !isJsonObject(value)) {
          endResponse(refusal(400, 'decoding_error', `the "${name}" parameter must be a JSON object`));
          return;
        }
      }
    },
  };
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
}

function refusal(status: number, code: ErrorCode, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
}
