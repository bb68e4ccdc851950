/**
 * Lets Janus gather ICE candidates on 127.0.0.1. Janus 1.1 skips every interface flagged
 * IFF_LOOPBACK when it hands libnice its addresses (src/ice.c, janus_ice_setup_local), so no
 * `ice_enforce_list` reaches `lo`, and every other interface of this machine is off limits for
 * the benchmark's traffic. An address of 127.0.0.0/8 put on another interface does not help:
 * libnice pins each socket to its interface (IP_UNICAST_IF), and Linux refuses a loopback source
 * on a non-loopback device (EINVAL on every send).
 *
 * So Janus runs with a tiny LD_PRELOAD library whose getifaddrs() clears IFF_LOOPBACK on `lo`:
 * Janus then lists 127.0.0.1 like any address and libnice binds it on `lo`, where it belongs.
 * Nothing else changes (the media path, libnice, DTLS, SRTP are Janus's own). The library is
 * compiled with the machine's C compiler (build-essential, which setup.sh installs) into the
 * target's temp dir.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const source = `#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

/* getifaddrs() as libc answers it, except that lo is not flagged IFF_LOOPBACK. */
int getifaddrs(struct ifaddrs **ifap) {
  static int (*real)(struct ifaddrs **) = 0;
  if (!real) real = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
  if (!real) return -1;
  int result = real(ifap);
  if (result == 0)
    for (struct ifaddrs *ifa = *ifap; ifa; ifa = ifa->ifa_next)
      if (ifa->ifa_name && strcmp(ifa->ifa_name, "lo") == 0) ifa->ifa_flags &= ~IFF_LOOPBACK;
  return result;
}
`;

/** Compiles the shim into `dir` and returns the path for LD_PRELOAD. */
export async function buildLoopbackShim(dir: string): Promise<string> {
  const sourcePath = join(dir, 'loopback-shim.c');
  const libraryPath = join(dir, 'loopback-shim.so');
  writeFileSync(sourcePath, source);
  try {
    await run('cc', ['-shared', '-fPIC', '-O2', '-o', libraryPath, sourcePath, '-ldl'], { timeout: 30_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`cannot build Janus's loopback shim (a C compiler is needed: apt-get install build-essential): ${stderr || (error as Error).message}`);
  }
  return libraryPath;
}
