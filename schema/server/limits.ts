/** What one GraphQL operation or subscriber may cost the server (config: `graphql`, env `SFU_GRAPHQL_*`). */
export interface GraphQLLimits {
  /** Tokens in one document, counted while parsing (no larger document is ever parsed). `SFU_GRAPHQL_MAX_TOKENS`, @default 2000 */
  maxTokens: number;
  /** Selection depth (introspection exempt). `SFU_GRAPHQL_MAX_DEPTH`, @default 10 */
  maxDepth: number;
  /** Aliases in one operation. `SFU_GRAPHQL_MAX_ALIASES`, @default 30 */
  maxAliases: number;
  /** Directives in one operation. `SFU_GRAPHQL_MAX_DIRECTIVES`, @default 50 */
  maxDirectives: number;
  /** GraphQL Armor's cost estimate of one operation (objects 2, scalars 1, times 1.5 per level). `SFU_GRAPHQL_MAX_COST`, @default 5000 */
  maxCost: number;
  /** Fields one answer (or one subscription event) may resolve: lists multiply what the static limits see. `SFU_GRAPHQL_MAX_FIELDS`, @default 50000 */
  maxFields: number;
  /** Events that may wait for one slow subscriber before it is cut off. `SFU_GRAPHQL_SUBSCRIBER_BUFFER`, @default 1000 */
  subscriberBuffer: number;
  /** Live subscriptions per app, over every transport. `SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_APP`, @default 2000 */
  maxSubscriptionsPerApp: number;
  /** Live subscriptions per graphql-ws connection. `SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_CONNECTION`, @default 100 */
  maxSubscriptionsPerConnection: number;
  /** Live subscriptions, and graphql-ws connections, per access token holder (room and identity). `SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_PARTICIPANT`, @default 20 */
  maxSubscriptionsPerParticipant: number;
  /** A graphql-ws connection that sends no connection_init within this is closed (4408). `SFU_GRAPHQL_CONNECTION_INIT_TIMEOUT_MS`, @default 3000 */
  connectionInitTimeoutMs: number;
  /** "Did you mean ...?" hints in validation errors. `SFU_GRAPHQL_SUGGESTIONS`, @default true; false when NODE_ENV=production */
  suggestions: boolean;
}

export const defaultGraphQLLimits: GraphQLLimits = {
  maxTokens: 2000,
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 5000,
  maxFields: 50_000,
  subscriberBuffer: 1000,
  maxSubscriptionsPerApp: 2000,
  maxSubscriptionsPerConnection: 100,
  maxSubscriptionsPerParticipant: 20,
  connectionInitTimeoutMs: 3000,
  suggestions: process.env['NODE_ENV'] !== 'production',
};
