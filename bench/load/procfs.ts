import { readFileSync } from 'node:fs';

/** Resident set size of a process from /proc/<pid>/status (VmRSS), in bytes; 0 once it is gone. */
export function processRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
