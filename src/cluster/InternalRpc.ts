import { timingSafeEqual, createHash } from 'node:crypto';
import { SfuError, type ErrorCode, type SessionErrorReason } from '../service/errors.js';
import type { Logger } from '../service/Logger.js';

/** The header that carries the cluster secret between instances. */
const secretHeader = 'sfu-cluster-secret';
export const internalPath = '/internal/rpc';

interface RpcRequest {
  from: string;
  method: string;
  args: unknown[];
}

type RpcResponse = { result: unknown } | { error: { code: ErrorCode; message: string; reason?: SessionErrorReason; retryAfterMs?: number } };

/** Dates travel as ISO strings; these fields come back as Dates. */
const dateFields = new Set(['createdAt', 'joinedAt', 'expiresAt', 'at']);
const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
function revive(key: string, value: unknown): unknown {
  return dateFields.has(key) && typeof value === 'string' && isoDate.test(value) ? new Date(value) : value;
}

/**
 * Calls between instances: JSON over HTTP POST to the other instance's internal URL, with the
 * cluster secret. An SfuError thrown there is thrown here with the same code, reason and
 * retry hint, so a forwarded call answers exactly as the owner did.
 */
export class InternalRpc {
  readonly #secret: string;
  readonly #secretDigest: Buffer;

  constructor(
    private readonly self: string,
    secret: string,
    private readonly log: Logger,
    private readonly timeoutMs = 15_000,
  ) {
    this.#secret = secret;
    this.#secretDigest = digest(secret);
  }

  async call<T>(to: { id: string; internalUrl: string }, method: string, args: unknown[]): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(internalPath, to.internalUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [secretHeader]: this.#secret },
        body: JSON.stringify({ from: this.self, method, args } satisfies RpcRequest),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SfuError('temporarily_unavailable_error', `instance ${to.id} of the cluster cannot be reached (${(error as Error).message}): try again`);
    }
    const body = JSON.parse(await response.text(), revive) as RpcResponse;
    if ('error' in body) throw new SfuError(body.error.code, body.error.message, body.error.reason, body.error.retryAfterMs);
    return body.result as T;
  }

  /**
   * The receiving side: answers POST /internal/rpc from another instance (undefined for other
   * paths). `methods` are what it may run; anything unexpected is logged and answered as
   * internal_error, never with its stack.
   */
  handler(methods: Record<string, (from: string, ...args: never[]) => Promise<unknown>>) {
    return async (request: Request): Promise<Response | undefined> => {
      if (new URL(request.url).pathname !== internalPath) return undefined;
      const presented = request.headers.get(secretHeader);
      if (request.method !== 'POST' || presented === null || !timingSafeEqual(digest(presented), this.#secretDigest)) {
        return Response.json({ errorCode: 'unauthorized', errorDescription: 'not an instance of this cluster' }, { status: 401 });
      }
      let call: RpcRequest;
      try {
        call = JSON.parse(await request.text(), revive) as RpcRequest;
      } catch {
        return Response.json({ error: { code: 'decoding_error', message: 'the internal call is not JSON' } } satisfies RpcResponse, { status: 400 });
      }
      const method = Object.hasOwn(methods, call.method) ? methods[call.method] : undefined;
      if (!method) return Response.json({ error: { code: 'not_found', message: `no internal method ${call.method}` } } satisfies RpcResponse, { status: 404 });
      try {
        const result = await method(call.from, ...(call.args as never[]));
        return Response.json({ result: result ?? null } satisfies RpcResponse);
      } catch (error) {
        if (error instanceof SfuError) {
          const { code, message, reason, retryAfterMs } = error;
          return Response.json({
            error: { code, message, ...(reason !== undefined ? { reason } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
          } satisfies RpcResponse);
        }
        this.log.error('internal call failed', { from: call.from, method: call.method, error: (error as Error)?.stack ?? String(error) });
        return Response.json({ error: { code: 'internal_error', message: 'internal error' } } satisfies RpcResponse);
      }
    };
  }
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
