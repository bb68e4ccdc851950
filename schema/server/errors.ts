import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { errorCodes, SfuError, type ErrorCode } from '../../src/service/index.js';

/**
 * A GraphQLError from any copy of graphql-js: under vitest our sources get graphql's ESM build and
 * yoga its CJS build, so `instanceof` cannot be trusted.
 */
export function isGraphQLError(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}

/** The SfuError an error is or wraps (graphql-js wraps what a resolver throws), if any. */
export function sfuErrorIn(error: unknown): SfuError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof SfuError) return e;
  }
  return undefined;
}

/** A top-level GraphQL error for an SfuError: `extensions.code` is the contract's code. */
export function toGraphQLError(error: SfuError, located?: GraphQLError): GraphQLError {
  return createGraphQLError(error.message, {
    ...(located ? { nodes: located.nodes, source: located.source, positions: located.positions, path: located.path } : {}),
    extensions: { code: error.code, ...(error.code === 'unauthorized' ? { http: { status: 401 } } : {}) },
  });
}

/**
 * yoga's maskError with the contract's codes: an SfuError keeps its message and gets its code;
 * GraphQL's and yoga's own errors (request parsing, syntax, validation, variables) keep their
 * message and get the contract code for what went wrong (see `contractCodeOf`); anything else is
 * masked as internal_error (logged once, by useErrorLog or yoga's logger).
 */
export const maskError: MaskError = (error, message, isDev) => {
  const sfu = sfuErrorIn(error);
  if (sfu) return toGraphQLError(sfu, isGraphQLError(error) ? error : undefined);
  const masked = yogaMaskError(error, message, isDev);
  if (!isGraphQLError(masked)) return masked;
  const unexpected = masked.extensions['unexpected'] === true;
  const code = unexpected ? 'internal_error' : contractCodeOf(masked);
  if (code === masked.extensions['code'] && !('originalError' in masked.extensions)) return masked;
  // yoga puts a parse failure's original error in the extensions: the message says enough.
  const { originalError: _originalError, ...extensions } = masked.extensions;
  return createGraphQLError(masked.message, {
    nodes: masked.nodes,
    source: masked.source,
    positions: masked.positions,
    path: masked.path,
    extensions: { ...extensions, code },
  });
};

const contractCodes = new Set<string>(errorCodes);

/**
 * The contract's code for an error GraphQL or yoga raised before running the operation: a body or
 * parameter that cannot be read is `decoding_error` (as REST's unreadable bodies), a request
 * the server will not run as sent (wrong method, no single operation, invalid document)
 * `invalid_params`, an oversized body `payload_too_large`.
 */
function contractCodeOf(error: GraphQLError): ErrorCode {
  const code = error.extensions['code'];
  if (typeof code === 'string' && contractCodes.has(code)) return code as ErrorCode;
  const status = (error.extensions['http'] as { status?: number } | undefined)?.status;
  if (code === 'REQUEST_ENTITY_TOO_LARGE' || status === 413) return 'payload_too_large';
  if (status === 405 || code === 'OPERATION_RESOLUTION_FAILURE' || code === 'GRAPHQL_VALIDATION_FAILED') return 'invalid_params';
  // BAD_REQUEST (body, query or variables params unreadable), GRAPHQL_PARSE_FAILED, and variables
  // that do not fit their types (graphql-js gives those no code): the input cannot be decoded.
  return 'decoding_error';
}
