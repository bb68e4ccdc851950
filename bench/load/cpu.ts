/**
 * CPU time of the processes a bench measures, without loading anything heavy (bench/fanout.ts has
 * the same two helpers, but importing it loads wrtc into the process).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all its threads) from /proc/<pid>/stat, in ms (resolution: one clock tick); 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing ")" start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return 0;
  }
}

/** A process.cpuUsage() (µs) as ms. */
export const usageMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
