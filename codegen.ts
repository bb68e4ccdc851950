import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents (TypedDocumentNode) for the repo's own GraphQL operations, from the printed
 * schema. `npm run codegen` writes schema/generated/operations.ts; `npm run schema:check` fails
 * when the schema or the generated documents are stale. Operations live in schema/operations/.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/**/*.graphql'],
  generates: {
    'schema/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        skipTypename: false,
      },
    },
  },
  hooks: {},
};

export default config;
