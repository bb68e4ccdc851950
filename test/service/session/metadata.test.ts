import { describe, expect, it } from 'vitest';
import { codeOf } from '../../helpers/errors.js';
import { checkMetadata } from '../../../src/service/session/metadata.js';

describe('session metadata bounds', () => {
  const limits = { maxMetadataBytes: 1_000, maxMetadataDepth: 4 };

  it('accepts ordinary metadata and refuses too deep or too large values with invalid_params', () => {
    expect(codeOf(() => checkMetadata({ name: 'Ada', tags: ['a', { b: 1 }] }, limits))).toBeUndefined();
    expect(codeOf(() => checkMetadata({ a: { b: { c: { d: 1 } } } }, limits))).toBeUndefined();
    expect(codeOf(() => checkMetadata({ a: { b: { c: { d: { e: 1 } } } } }, limits))).toBe('invalid_params');
    expect(codeOf(() => checkMetadata('x'.repeat(1_001), limits))).toBe('invalid_params');
  });

  it('measures a value nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codeOf(() => checkMetadata(deep, limits))).toBe('invalid_params');
  });

  it('refuses a shallow value with very many members before serializing it', () => {
    const wide = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, {}]));
    expect(codeOf(() => checkMetadata(wide, limits))).toBe('invalid_params');
  });
});
