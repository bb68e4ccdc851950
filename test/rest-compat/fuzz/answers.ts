import { errorCodes } from '../../../src/service/errors.js';
import type { Answer, FuzzRequest } from './types.js';

/* Checking answers: what the contract allows each face to say, and how a failing request is shown. */

const knownCodes: ReadonlySet<string> = new Set(errorCodes);

/** Which face answers a path: REST under /v1 and /apps, GraphQL at /graphql, else the plain 404 or the example page. */
export function faceOf(url: string): 'REST' | 'GraphQL' | 'other' {
  const { pathname } = new URL(url);
  if (/^\/(?:v1|apps)(?:\/|$)/.test(pathname)) return 'REST';
  return pathname === '/graphql' || pathname === '/graphql/' ? 'GraphQL' : 'other';
}
const isErrorCode = (code: unknown) => typeof code === 'string' && knownCodes.has(code);

export function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Per-item failures (tracks/new, datachannels/*) carry contract codes too. */
function itemProblems(body: Record<string, unknown>): string | undefined {
  for (const key of ['tracks', 'dataChannels']) {
    const items = body[key];
    if (items === undefined) continue;
    if (!Array.isArray(items)) return `${key} is not an array`;
    const bad = items.find((item: Record<string, unknown>) => item && 'errorCode' in item && (!isErrorCode(item['errorCode']) || typeof item['errorDescription'] !== 'string'));
    if (bad) return `REST item error outside the contract (errorCode ${JSON.stringify((bad as Record<string, unknown>)['errorCode'])})`;
  }
  return undefined;
}

/** What is wrong with a REST answer, if anything. */
export function restProblem(request: FuzzRequest, answer: Answer): string | undefined {
  if (request.method === 'OPTIONS' && answer.status === 204) return undefined;
  const parsed = parse(answer.text);
  if (!parsed.ok || !answer.contentType.includes('application/json')) return `REST answer not JSON (HTTP ${answer.status})`;
  const body = parsed.value as Record<string, unknown>;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return `REST answer not a JSON object (HTTP ${answer.status})`;
  if (answer.status >= 400) {
    const keys = Object.keys(body).sort().join(',');
    if (keys !== 'errorCode,errorDescription' || typeof body['errorDescription'] !== 'string') return `REST error not exactly {errorCode, errorDescription} (HTTP ${answer.status})`;
    if (!isErrorCode(body['errorCode'])) return `REST errorCode ${JSON.stringify(body['errorCode'])} is not a contract code`;
    if (answer.status >= 500 && !(answer.status === 503 && body['errorCode'] === 'temporarily_unavailable_error')) return `REST HTTP ${answer.status} ${String(body['errorCode'])}`;
    return undefined;
  }
  if ('errorCode' in body) return `REST success (HTTP ${answer.status}) with a top-level errorCode`;
  if (answer.status === 201 && !/^[0-9a-f]{32}$/.test(String(body['sessionId']))) return 'REST 201 without a 32-hex sessionId';
  return itemProblems(body);
}

/** What is wrong with a GraphQL answer, if anything: JSON with data and/or errors, every code a contract code. */
export function graphqlProblem(answer: Answer): string | undefined {
  if (answer.status >= 500) return `GraphQL HTTP ${answer.status}`;
  const parsed = parse(answer.text);
  if (!parsed.ok) return `GraphQL answer not JSON (HTTP ${answer.status})`;
  const body = parsed.value as { data?: unknown; errors?: unknown } | null;
  if (body === null || typeof body !== 'object' || !('data' in body || 'errors' in body)) return `GraphQL answer with neither data nor errors (HTTP ${answer.status})`;
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return 'GraphQL errors not a non-empty array';
    for (const error of body.errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
      if (typeof error?.message !== 'string') return 'GraphQL error without a message';
      if (!isErrorCode(error.extensions?.code)) return `GraphQL error with extensions.code ${JSON.stringify(error.extensions?.code) ?? '(none)'} (HTTP ${answer.status})`;
    }
  }
  // Typed error results (SfuError, TrackError, DataChannelError) in data: their code is a contract code.
  const pending: unknown[] = [body.data];
  for (let visited = 0; pending.length > 0 && visited < 10_000; visited++) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object') continue;
    const record = next as Record<string, unknown>;
    if (typeof record['__typename'] === 'string' && record['__typename'].endsWith('Error') && 'code' in record && !isErrorCode(record['code'])) {
      return `GraphQL ${record['__typename']} with code ${JSON.stringify(record['code'])}`;
    }
    pending.push(...Object.values(record));
  }
  return undefined;
}

export function describeRequest(index: string, request: FuzzRequest): string {
  const raw = request.body instanceof Uint8Array ? `<${request.body.length} random bytes>` : (request.body ?? '');
  // Head and tail of a long body: where a mutation usually shows.
  const shown = raw.length > 400 ? `${raw.slice(0, 200)} ...(${raw.length} chars)... ${raw.slice(-200)}` : raw;
  const path = request.path.length > 300 ? `${request.path.slice(0, 300)}... (${request.path.length} chars)` : request.path;
  return `#${index} ${request.method} ${path}${request.chunked ? ' (chunked)' : ''} headers=${JSON.stringify(request.headers).slice(0, 300)} body=${JSON.stringify(shown)}`;
}
