import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../src/service/index.js';
import { isGraphQLError, sfuErrorIn } from '../server/errors.js';
import type { GraphQLLimits } from '../server/limits.js';

/**
 * Bounds the work one document can cause, before any resolver runs: a token limit while parsing
 * (graphql-js stops the lexer there, so a huge document is never parsed whole), then GraphQL
 * Armor's depth, alias, directive and cost rules during validation. Over-limit documents fail with
 * `extensions.code: invalid_params`; other syntax errors say `decoding_error` and other validation
 * errors `invalid_params`, so every GraphQL error carries a code of the contract. Without
 * `suggestions`, "Did you mean ...?" hints are removed (they describe the schema to strangers).
 */
export function useOperationLimits(limits: GraphQLLimits): Plugin {
  const rejectAs = (_context: ValidationContext | null, error: GraphQLError): void => {
    _context?.reportError(coded(error, 'invalid_params'));
  };
  // Armor reports through our callback instead of throwing, so a refusal is a validation error.
  const armor = { propagateOnRejection: false, onReject: [rejectAs], exposeLimits: true };
  const rules = [
    maxDepthRule({ ...armor, n: limits.maxDepth, ignoreIntrospection: true }),
    maxAliasesRule({ ...armor, n: limits.maxAliases }),
    maxDirectivesRule({ ...armor, n: limits.maxDirectives }),
    costLimitRule({ ...armor, maxCost: limits.maxCost, ignoreIntrospection: true }),
  ];
  const plugin: Plugin = {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          throw isGraphQLError(error) ? coded(error, /tokens/.test(error.message) ? 'invalid_params' : 'decoding_error') : error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
      return ({ valid, result, setResult }) => {
        // A scalar that refused an inline value says why with its SfuError: the same code as for a variable.
        if (!valid) setResult(result.map((error) => (error.extensions['code'] ? error : coded(error, sfuErrorIn(error)?.code ?? 'invalid_params'))));
      };
    },
  };
  return limits.suggestions ? plugin : { onPluginInit: ({ addPlugin }) => { addPlugin(plugin); addPlugin(blockFieldSuggestionsPlugin()); } };
}

function coded(error: GraphQLError, code: ErrorCode): GraphQLError {
  return createGraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    extensions: { ...error.extensions, code },
  });
}
