import { readFileSync } from 'node:fs';

/** What a media worker's UDP sockets should be able to queue while it is descheduled. */
export const recommendedReceiveBufferBytes = 4 * 1024 * 1024;

/**
 * A warning when the host's default UDP receive buffer (`net.core.rmem_default`, which every
 * mediasoup 3.12 socket gets: it has no per-socket option) is below 4 MiB; undefined when it is
 * not, or on a system without that file. Measured (docs/benchmarks.md, capacity): at 500 viewers
 * on two busy cores, the 208 KiB default lost 14 to 31 % of packets at the workers' sockets, 4 MiB
 * none.
 */
export function receiveBufferWarning(file = '/proc/sys/net/core/rmem_default'): string | undefined {
  let bytes: number;
  try {
    bytes = Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!Number.isFinite(bytes) || bytes >= recommendedReceiveBufferBytes) return undefined;
  return (
    `net.core.rmem_default is ${Math.round(bytes / 1024)} KiB: a busy media worker's sockets drop packets once that much is queued; ` +
    `raise it to ${recommendedReceiveBufferBytes} (sysctl -w net.core.rmem_default=${recommendedReceiveBufferBytes}, and in /etc/sysctl.d/ to keep it): docs/operations.md#host-tuning`
  );
}
