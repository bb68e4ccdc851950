/**
 * The GraphQL fan-out bench at its smallest: a few graphql-ws and SSE subscribers, one round of one
 * join and leave. It checks only that every subscriber got the join and the leave and a row came
 * out per transport and event, never speed.
 */
import { describe, expect, it } from 'vitest';
import { runGraphqlFanoutBench } from '../../bench/graphqlFanout.js';
import { formatTable } from '../../bench/table.js';

describe('the GraphQL fan-out bench, quick', () => {
  it('delivers a join and a leave to every graphql-ws and SSE subscriber and prints their rows', async () => {
    const { table, result } = await runGraphqlFanoutBench({ wsSubscribers: 5, sseSubscribers: 3, joinsAtOnce: [1], rounds: 1 });
    expect(result.subscribers).toEqual({ 'graphql-ws': 5, sse: 3 });
    const [mode] = result.modes;
    expect(mode!.joinFailures, mode!.firstJoinFailure).toBe(0);
    const deliveries = Object.fromEntries(mode!.rows.map((r) => [`${r.transport} ${r.event}`, [r.deliveries, r.missing]]));
    expect(deliveries).toMatchObject({ 'graphql-ws SessionJoined': [5, 0], 'graphql-ws SessionLeft': [5, 0], 'sse SessionJoined': [3, 0], 'sse SessionLeft': [3, 0] });
    expect(table.rows).toHaveLength(6);
    expect(formatTable(table)).toMatch(/^GraphQL fan-out \(e\)/);
  }, 120_000);
});
