import { SfuError } from '../errors.js';

/** How large participant metadata may be. */
export interface MetadataLimits {
  /** Largest metadata, as JSON text in UTF-8. @default 16384 */
  maxMetadataBytes: number;
  /** Deepest nesting of arrays and objects. @default 16 */
  maxMetadataDepth: number;
}

/**
 * Refuses metadata too deep or too large before anything stores it: deep values would later break
 * every serialization of the session (JSON.stringify recurses), large ones every presence answer.
 * The depth is measured without recursion, so no input can overflow the stack here.
 */
export function checkMetadata(value: unknown, { maxMetadataBytes, maxMetadataDepth }: MetadataLimits): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let visited = 0;
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop()!;
    if (next === null || typeof next !== 'object') continue;
    if (depth >= maxMetadataDepth) {
      throw new SfuError('invalid_params', `metadata is nested deeper than ${maxMetadataDepth} levels`);
    }
    // Each array or object is at least two bytes of JSON: this many cannot fit.
    visited += 1;
    if (visited * 2 > maxMetadataBytes) throw tooLarge(maxMetadataBytes);
    for (const child of Object.values(next)) pending.push({ value: child, depth: depth + 1 });
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > maxMetadataBytes) throw tooLarge(maxMetadataBytes);
}

function tooLarge(maxMetadataBytes: number): SfuError {
  return new SfuError('invalid_params', `metadata is more than ${maxMetadataBytes} bytes of JSON`);
}
