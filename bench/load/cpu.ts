/**
 * CPU time of the processes a bench measures, in a module of its own so that reading it loads
 * nothing heavy (bench/fanout.ts, which also uses it, loads wrtc).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time of a process's live threads, in ms: the sum of their /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds; a short batch of cheap worker calls is a few ms, under one 10 ms clock tick), else
 * utime + stime of /proc/<pid>/stat (clock ticks); 0 once the process is gone. A thread that ends
 * takes its time out of the schedstat sum: fine for mediasoup workers and Node, whose threads stay.
 */
export function processCpuMs(pid: number): number {
  try {
    const ns = readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]), 0);
    if (Number.isFinite(ns) && ns > 0) return ns / 1e6;
  } catch {
    // No schedstat (or a thread ended while listed): the tick count below.
  }
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
