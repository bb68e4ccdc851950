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

/**
 * Datagrams the kernel dropped so far because a UDP socket's receive buffer was full (Udp
 * RcvbufErrors in /proc/net/snmp), machine-wide; 0 where /proc is not readable.
 */
export function udpReceiveBufferDrops(): number {
  try {
    const [names, values] = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('Udp:'))
      .map((line) => line.split(/\s+/));
    const index = names?.indexOf('RcvbufErrors') ?? -1;
    return index > 0 ? Number(values?.[index] ?? 0) : 0;
  } catch {
    return 0;
  }
}
