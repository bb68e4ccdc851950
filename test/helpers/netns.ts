import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A network namespace joined to this host by one veth pair, for tests with Firefox.
 *
 * Firefox never gathers loopback ICE candidates (and `media.peerconnection.ice.loopback` does not
 * change that in ESR 153), so it cannot reach a mediasoup worker on 127.0.0.1. The test moves the
 * worker into this namespace instead: the worker listens on `nsAddress`, Firefox stays on the host
 * and reaches it through the veth pair. Nothing leaves the machine: the namespace has no other
 * interface, and its only route points back at the host end of the pair.
 */
export interface MediaNamespace {
  name: string;
  /** The host's end of the veth pair. */
  hostAddress: string;
  /** The namespace's end: where the worker listens and what it announces. */
  nsAddress: string;
  /** Deletes the namespace and the veth pair; safe to call twice. */
  remove(): void;
}

const ipCandidates = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];

function ipPath(): string | undefined {
  return ipCandidates.find((p) => existsSync(p));
}

/** Why a namespace cannot be made here (not root, no `ip`), or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the Firefox tests as root, as CI does)';
  if (!ipPath()) return 'no "ip" command (Debian package iproute2)';
  return undefined;
}

/** Deletes the namespaces (and host links) of earlier test processes that no longer run. */
function removeOrphans(ip: string, quietly: (...args: string[]) => void): void {
  let listed = '';
  try {
    listed = execFileSync(ip, ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
  } catch {
    return;
  }
  for (const [, tag] of listed.matchAll(/^sfu-ff-(\d+)/gm)) {
    if (tag !== `${process.pid % 100_000}` && processRuns(Number(tag))) continue;
    quietly('netns', 'delete', `sfu-ff-${tag}`);
    quietly('link', 'delete', `sfuh${tag}`);
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates the namespace and its veth pair; on any failure, removes what it made and throws. */
export function createMediaNamespace(): MediaNamespace {
  const ip = ipPath();
  if (!ip) throw new Error('no "ip" command');
  // Interface names are at most 15 bytes; the pid keeps parallel runs apart.
  const tag = `${process.pid % 100_000}`;
  const name = `sfu-ff-${tag}`;
  const hostLink = `sfuh${tag}`;
  const nsLink = `sfun${tag}`;
  const subnet = `10.213.${process.pid % 250}`;
  const hostAddress = `${subnet}.1`;
  const nsAddress = `${subnet}.2`;
  const run = (...args: string[]) => execFileSync(ip, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  const quietly = (...args: string[]) => {
    try {
      run(...args);
    } catch {
      // Already gone.
    }
  };
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    // Deleting the namespace deletes its end of the pair, and with it the host end.
    quietly('netns', 'delete', name);
    quietly('link', 'delete', hostLink);
  };
  // Left over by runs that were killed before they could clean up: start clean.
  removeOrphans(ip, quietly);
  process.on('exit', remove);
  try {
    run('netns', 'add', name);
    run('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', nsLink);
    run('link', 'set', nsLink, 'netns', name);
    run('addr', 'add', `${hostAddress}/30`, 'dev', hostLink);
    run('link', 'set', hostLink, 'up');
    run('-n', name, 'addr', 'add', `${nsAddress}/30`, 'dev', nsLink);
    run('-n', name, 'link', 'set', nsLink, 'up');
    run('-n', name, 'link', 'set', 'lo', 'up');
    // Firefox may send from any of the host's addresses: the replies go back to the host.
    run('-n', name, 'route', 'add', 'default', 'via', hostAddress);
  } catch (error) {
    remove();
    throw error;
  }
  return { name, hostAddress, nsAddress, remove };
}

/**
 * Makes every mediasoup worker this process spawns from now on start inside the namespace, as
 * `ip netns exec <name> mediasoup-worker ...`. mediasoup 3.12 has one hook for a command in front
 * of the worker binary, meant for valgrind; it reads these variables at each spawn. The worker's
 * channel pipes pass through `ip netns exec` unchanged.
 */
export function spawnWorkersIn(namespace: MediaNamespace): () => void {
  const keys = ['MEDIASOUP_USE_VALGRIND', 'MEDIASOUP_VALGRIND_BIN', 'MEDIASOUP_VALGRIND_OPTIONS'] as const;
  const saved = keys.map((key) => process.env[key]);
  process.env['MEDIASOUP_USE_VALGRIND'] = 'true';
  process.env['MEDIASOUP_VALGRIND_BIN'] = ipPath()!;
  process.env['MEDIASOUP_VALGRIND_OPTIONS'] = `netns exec ${namespace.name}`;
  return () =>
    keys.forEach((key, i) => {
      if (saved[i] === undefined) delete process.env[key];
      else process.env[key] = saved[i];
    });
}
