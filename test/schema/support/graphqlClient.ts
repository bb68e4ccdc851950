import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData;
  errors?: GraphQLErrorBody[];
}

/**
 * A GraphQL-over-HTTP client for the repo's typed documents. `send` is the server's fetch handler
 * (no port) or `fetch` against a listening server.
 */
export class GraphQLClient {
  constructor(
    readonly send: (request: Request) => Promise<Response>,
    readonly secret: string,
    readonly url = 'http://sfu.test/graphql',
  ) {}

  async raw<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    headers: Record<string, string> = { Authorization: `Bearer ${this.secret}` },
  ): Promise<GraphQLResponse<TData>> {
    const response = await this.send(
      new Request(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: print(document), variables }),
      }),
    );
    const body = (await response.json()) as { data?: TData; errors?: GraphQLErrorBody[] };
    return { status: response.status, ...body };
  }

  /** The data, or a thrown Error naming the top-level errors. */
  async request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<TData> {
    const result = await this.raw(document, variables);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
    return result.data;
  }
}

/** Narrows a union result to one of its members, or fails showing what came instead (e.g. an SfuError). */
export function expectTypename<T extends { __typename: string }, N extends T['__typename']>(value: T, typename: N): Extract<T, { __typename: N }> {
  if (value.__typename !== typename) throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
  return value as Extract<T, { __typename: N }>;
}
