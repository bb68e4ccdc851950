/**
 * Side-by-side cells: a figure for ours, the same for the peer, and ours / peer. Every scenario
 * that runs against more than one target prints its headline figures this way.
 */
import { fixed, type Column } from './table.js';

/** ours / peer as "0.52x", or "-" when either is missing. */
export function ratio(ours: number | undefined, peer: number | undefined): string {
  if (ours === undefined || peer === undefined || !Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return '-';
  return `${(ours / peer).toFixed(2)}x`;
}

/** Three right-aligned columns for one figure: `<heading> ours`, `<peer>`, `ratio`. */
export function sideBySideColumns(heading: string, peer: string): Column[] {
  return [
    { heading: `${heading} ours`, align: 'right' },
    { heading: peer, align: 'right' },
    { heading: 'ratio', align: 'right' },
  ];
}

/** The three cells for `sideBySideColumns`; a missing peer figure prints "-". */
export function sideBySideCells(ours: number | undefined, peer: number | undefined, decimals: number): string[] {
  return [fixed(ours ?? Number.NaN, decimals), fixed(peer ?? Number.NaN, decimals), ratio(ours, peer)];
}
