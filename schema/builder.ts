import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { GraphQLContext } from './context.js';

/**
 * The one Pothos builder. Every module under `types/` registers its types and root fields on it;
 * `index.ts` imports them all and builds the schema. Output fields are non-null unless a field says
 * `nullable: true`.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    UInt16: { Input: number; Output: number };
  };
}>({
  plugins: [ErrorsPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
});

builder.queryType({ description: 'Reads: the authenticated app, its live sessions and their tracks.' });
builder.mutationType({
  description:
    'The operations of the Realtime contract (sessions/new, tracks/new|update|close, renegotiate, datachannels/establish|new|update|close, adapters/websocket/new|close).',
});
builder.subscriptionType({ description: 'Presence: who joined and left, and which tracks came and went.' });
