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

/** A target that could not start on this machine, and why, as a scenario's stop reason. */
export interface CouldNotStart {
  couldNotStart: string;
}

/**
 * Starts `name`, or says why it could not (Janus not installed, no C compiler for its shim): the
 * scenario puts that in its table for this target and goes on with the others.
 */
export async function tryStartTarget(name: TargetName, options: TargetOptions, scenario: string): Promise<LoadTarget | CouldNotStart> {
  try {
    return await startTarget(name, options);
  } catch (error) {
    const message = (error as Error).message;
    console.error(`${scenario}: ${name} could not start: ${message}`);
    return { couldNotStart: `it could not start (${message.split('\n')[0]})` };
  }
}
