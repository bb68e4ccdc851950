import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

/** Socket inodes a process holds: its /proc/<pid>/fd entries that link to socket:[inode]. */
function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match ? [match[1]!] : [];
    } catch {
      return [];
    }
  });
}

/** Per UDP socket (by inode), the datagrams the kernel dropped at it (a full receive buffer), from /proc/net/udp and udp6. */
function udpDropsByInode(): Map<string, number> {
  const drops = new Map<string, number>();
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // Columns: sl local rem st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops.
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length >= 13) drops.set(fields[9]!, Number(fields[12]));
    }
  }
  return drops;
}

/** Receive drops so far at the UDP sockets of each process in `pids` (cumulative per socket; compare two readings). */
export function udpDrops(pids: readonly number[]): Map<string, number> {
  const all = udpDropsByInode();
  const owned = new Map<string, number>();
  for (const pid of pids) {
    for (const inode of socketInodes(pid)) {
      const count = all.get(inode);
      if (count !== undefined) owned.set(inode, count);
    }
  }
  return owned;
}

/** Drops between two readings of `udpDrops`, over the sockets present in the second (new ones count from 0). */
export function udpDropsBetween(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [inode, count] of after) total += count - (before.get(inode) ?? 0);
  return total;
}
