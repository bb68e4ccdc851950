import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { EventLog } from './eventLog.js';

export interface Subscription<TData> {
  log: EventLog<TData>;
  close(): Promise<void>;
}

/** A graphql-ws subscription on the server at `baseUrl`, authenticated through connectionParams. */
export function subscribeOverWebSocket<TData, TVariables extends Record<string, unknown>>(
  baseUrl: string,
  connectionParams: Record<string, unknown>,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Subscription<TData> & { client: Client; closed: Promise<{ code: number; reason: string }> } {
  const log = new EventLog<TData>();
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  const stop = client.subscribe<TData>(
    { query: print(document), variables },
    {
      next: (result) => (result.errors ? log.fail(result.errors) : log.push(result.data as TData)),
      error: (error) => log.fail(error),
      complete: () => {},
    },
  );
  return {
    log,
    client,
    closed,
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}

/** A subscription over Server-Sent Events (yoga's default transport), authenticated by the bearer header. */
export function subscribeOverSse<TData, TVariables>(
  baseUrl: string,
  secret: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Subscription<TData> & { response: Promise<Response> } {
  const log = new EventLog<TData>();
  const abort = new AbortController();
  const response = fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: print(document), variables }),
    signal: abort.signal,
  });
  const reading = response
    .then(async (res) => {
      if (!res.ok || !res.body) throw new Error(`SSE request failed: HTTP ${res.status} ${await res.text()}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (!data) continue;
          const result = JSON.parse(data) as { data?: TData; errors?: unknown[] };
          if (result.errors) log.fail(result.errors);
          else if (result.data) log.push(result.data);
        }
      }
    })
    .catch((error: unknown) => {
      if (!abort.signal.aborted) log.fail(error);
    });
  return {
    log,
    response,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}
