/** The load targets a scenario can measure, by the name tables print. */
import type { LoadTarget } from '../load/target.js';
import { OursTarget } from './ours.js';

export type TargetName = 'ours';
export const targetNames: readonly TargetName[] = ['ours'];

export interface TargetOptions {
  /** Media worker processes (mediasoup workers for ours). @default 2 */
  workers?: number;
}

/** Starts `name` on loopback; the caller stops it. */
export function startTarget(name: TargetName, options: TargetOptions = {}): Promise<LoadTarget> {
  switch (name) {
    case 'ours':
      return OursTarget.start(options.workers ?? 2);
  }
}
