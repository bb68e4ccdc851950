import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { SfuError } from '../../src/service/index.js';

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
 * GraphQL's own errors (syntax, validation) pass; anything else is masked as internal_error (yoga
 * logs the original once).
 */
export const maskError: MaskError = (error, message, isDev) => {
  const sfu = sfuErrorIn(error);
  if (sfu) return toGraphQLError(sfu, isGraphQLError(error) ? error : undefined);
  const masked = yogaMaskError(error, message, isDev);
  if (isGraphQLError(masked) && masked.extensions['unexpected'] === true) {
    return createGraphQLError(masked.message, {
      nodes: masked.nodes,
      source: masked.source,
      positions: masked.positions,
      path: masked.path,
      extensions: { ...masked.extensions, code: 'internal_error' },
    });
  }
  return masked;
};
