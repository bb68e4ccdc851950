import { Kind, type ValueNode } from 'graphql';
import { checkUInt16, SfuError } from '../../src/service/index.js';
import { builder } from '../builder.js';

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC (e.g. "2026-11-27T08:10:31.000Z").',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => dateTime(value),
  parseLiteral: (node) => dateTime(node.kind === Kind.STRING ? node.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value (participant metadata is free-form).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literal(node, variables ?? undefined),
});

builder.scalarType('UInt16', {
  description: 'An integer from 0 to 65535: an SCTP field such as a retransmission limit (REST answers decoding_error outside it).',
  serialize: (value) => value,
  parseValue: (value) => checkUInt16(value, 'a UInt16'),
  parseLiteral: (node) => checkUInt16(node.kind === Kind.INT ? Number(node.value) : undefined, 'a UInt16'),
});

/** Bad input is the client's: an SfuError with `decoding_error`, never a masked internal error. */
function dateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new SfuError('decoding_error', `a DateTime must be an ISO 8601 string, got ${JSON.stringify(value)?.slice(0, 64)}`);
  return date;
}

/** A JSON value written inline in a query. */
function literal(node: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      return undefined;
  }
}
