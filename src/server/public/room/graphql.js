// @ts-check
/**
 * The page's GraphQL client: the repo's own documents (schema/operations/*.graphql, served at
 * /example/operations.graphql) run by operation name over HTTP, subscriptions over Server-Sent
 * Events, all with the access token as the bearer.
 */

/** A failure the page acts on: `code` is the server's error code (or `network` / `http`). */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} [status] the HTTP status, when the server answered
   */
  constructor(code, message, status) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

let documentsPromise;
/** @returns {Promise<string>} */
function documents() {
  documentsPromise ??= fetch('/example/operations.graphql').then((r) => {
    if (!r.ok) throw new ApiError('http', `could not load the GraphQL documents (${r.status})`, r.status);
    return r.text();
  });
  documentsPromise.catch(() => (documentsPromise = undefined));
  return documentsPromise;
}

/** @param {{ message: string, extensions?: { code?: string } }[]} errors @param {number} [status] */
const errorOf = (errors, status) => new ApiError(errors[0]?.extensions?.code ?? 'internal_error', errors.map((e) => e.message).join('; '), status);

export class GraphQLClient {
  /** @param {string} token */
  constructor(token) {
    this.token = token;
  }

  /**
   * @param {string} operationName
   * @param {Record<string, unknown>} variables
   * @param {string} accept
   * @param {AbortSignal} [signal]
   */
  async #request(operationName, variables, accept, signal) {
    const query = await documents();
    let response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: accept, Authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, operationName, variables }),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError('network', `the server cannot be reached (${error instanceof Error ? error.message : error})`);
    }
    if (!response.ok) {
      const body = await response.json().catch(() => undefined);
      if (body?.errors?.length) throw errorOf(body.errors, response.status);
      throw new ApiError('http', `${operationName}: the server answered ${response.status}`, response.status);
    }
    return response;
  }

  /**
   * Runs a query or mutation and returns its root field. A payload that is an `Error` (its
   * `__typename` is `SfuError`) is thrown as an ApiError.
   * @param {string} operationName
   * @param {Record<string, unknown>} [variables]
   * @returns {Promise<any>}
   */
  async run(operationName, variables = {}) {
    const response = await this.#request(operationName, variables, 'application/json');
    const { data, errors } = await response.json();
    if (errors?.length) throw errorOf(errors);
    const payload = Object.values(data ?? {})[0];
    if (payload?.__typename === 'SfuError') throw new ApiError(payload.code, `${operationName}: ${payload.message}`);
    return payload;
  }

  /**
   * A subscription over Server-Sent Events: yields each result's root field. Ends when the server
   * completes the stream or the connection drops; a GraphQL error in the stream is thrown.
   * @param {string} operationName
   * @param {Record<string, unknown>} variables
   * @param {AbortSignal} signal
   * @returns {AsyncGenerator<any>}
   */
  async *subscribe(operationName, variables, signal) {
    const response = await this.#request(operationName, variables, 'text/event-stream', signal);
    if (!response.body) throw new ApiError('http', 'the event stream has no body');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (signal.aborted) return;
          throw new ApiError('network', `the event stream broke (${error instanceof Error ? error.message : error})`);
        }
        if (chunk.done) return;
        buffer += chunk.value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: complete/m.test(message)) return;
          const data = message.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
          if (!data.trim()) continue;
          const result = JSON.parse(data);
          if (result.errors?.length) throw errorOf(result.errors);
          if (result.data) yield Object.values(result.data)[0];
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }
}
