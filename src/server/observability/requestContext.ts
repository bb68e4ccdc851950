import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What every log line written while serving one request carries. */
export interface RequestContext {
  requestId: string;
}

/**
 * The request being served, if any, across awaits: the logger adds its id to every line, so the
 * service's lines about a request (session created, negotiation failed) can be found by it. One
 * store per server (buildApp makes it), not a module global.
 */
export class RequestContexts {
  readonly #storage = new AsyncLocalStorage<RequestContext>();

  /** Runs `task` as part of the request with `requestId` (a new one when the client sent none we accept). */
  run<T>(requestId: string | undefined, task: () => T): T {
    return this.#storage.run({ requestId: acceptableId(requestId) ?? randomBytes(8).toString('hex') }, task);
  }

  get current(): RequestContext | undefined {
    return this.#storage.getStore();
  }
}

/** A client's `X-Request-Id` is kept when it is short and plain (it ends up in log lines). */
function acceptableId(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9._:-]{1,64}$/.test(value) ? value : undefined;
}
