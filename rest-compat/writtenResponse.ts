import { Response as AdapterResponse } from '@whatwg-node/fetch';

/**
 * A response with a string body (or none), as the HTTP adapter's own Response (the one the GraphQL
 * face's yoga answers with): the adapter writes it with its headers and a Content-Length in one
 * go, where Node's native Response hands it a ReadableStream to pump and end chunked, which costs
 * each call about 0.05-0.1 ms of CPU (docs/benchmarks.md, control plane). It is a Response like any
 * other to everything else. REST and WHIP/WHEP answer through it.
 */
export function writtenResponse(body: string | null, init: ResponseInit): Response {
  return new AdapterResponse(body, init) as Response;
}
