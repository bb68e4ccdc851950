/** The load targets a scenario can measure, by the name tables print. */
import type { LoadTarget } from '../load/target.js';
import { JanusTarget } from './janus.js';
import { OursTarget } from './ours.js';

export type TargetName = 'ours' | 'janus';
export const targetNames: readonly TargetName[] = ['ours', 'janus'];

export interface TargetOptions {
  /** Media worker processes (mediasoup workers for ours, Janus's `event_loops`). @default 2 */
  workers?: number;
}

/** Starts `name` on loopback; the caller stops it. */
export function startTarget(name: TargetName, options: TargetOptions = {}): Promise<LoadTarget> {
  switch (name) {
    case 'ours':
      return OursTarget.start(options.workers ?? 2);
    case 'janus':
      return JanusTarget.start({ eventLoops: options.workers ?? 2 });
  }
}
