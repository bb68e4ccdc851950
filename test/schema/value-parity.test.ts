import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

/** One bad value, three ways to send it (REST body, GraphQL inline, GraphQL variable): one error code. */
const [one] = testApps;
let sfu: RunningSfu;
let sessionId: string;

beforeAll(async () => {
  sfu = await startSfu();
  const created = await sfu.fetch(new Request(`http://sfu.test/v1/apps/${one.id}/sessions/new`, { method: 'POST', headers: { Authorization: `Bearer ${one.secret}` } }));
  sessionId = ((await created.json()) as { sessionId: string }).sessionId;
});
afterAll(() => sfu?.stop());

async function rest(path: string, body: unknown): Promise<string> {
  const response = await sfu.fetch(
    new Request(`http://sfu.test/v1/apps/${one.id}/sessions/${sessionId}${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${one.secret}` }, body: JSON.stringify(body) }),
  );
  return ((await response.json()) as { errorCode: string }).errorCode;
}

async function graphql(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const response = await sfu.fetch(
    new Request('http://sfu.test/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${one.secret}` },
      body: JSON.stringify({ query, variables }),
    }),
  );
  // A whole request refused: a top-level error; an operation refused: its SfuError result.
  const body = (await response.json()) as { data?: Record<string, { code?: string }> | null; errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? Object.values(body.data ?? {})[0]?.code;
}

describe('the same bad value gets the same error code from REST and GraphQL', () => {
  it('a retransmission limit out of the UInt16 range', async () => {
    const channel = { location: 'local', dataChannelName: 'chat', ordered: false, maxRetransmits: 70_000 };
    expect(await rest('/datachannels/update', { dataChannels: [channel] })).toBe('decoding_error');
    const inline = `mutation { addDataChannels(sessionId: "${sessionId}", input: { dataChannels: [{ location: local, dataChannelName: "chat", ordered: false, maxRetransmits: 70000 }] }) { __typename } }`;
    expect(await graphql(inline)).toBe('decoding_error');
    const withVariable = `mutation($n: UInt16) { addDataChannels(sessionId: "${sessionId}", input: { dataChannels: [{ location: local, dataChannelName: "chat", ordered: false, maxRetransmits: $n }] }) { __typename } }`;
    expect(await graphql(withVariable, { n: 70_000 })).toBe('decoding_error');
  });

  it('an SCTP stream id out of range', async () => {
    expect(await rest('/datachannels/close', { dataChannels: [{ id: 65_535 }] })).toBe('decoding_error');
    expect(await graphql(`mutation { closeDataChannels(sessionId: "${sessionId}", input: { ids: [65535] }) { ... on SfuError { code } } }`)).toBe('decoding_error');
  });
});
