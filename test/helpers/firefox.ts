import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ConfigInput } from '../../src/server/config.js';
import { installBrowserClient } from './browserClient.js';
import { createMediaNamespace, netnsUnavailable, spawnWorkersIn } from './netns.js';
import { startSfu, testApps, type RunningSfu } from './sfu.js';

/** Where Debian's `firefox-esr` package puts the browser; FIREFOX_PATH overrides it. */
export const firefoxPath = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/** Why Firefox tests cannot run here, or undefined when they can. */
export function firefoxMissing(): string | undefined {
  return existsSync(firefoxPath)
    ? undefined
    : `no Firefox at ${firefoxPath}: install it with "bash scripts/setup.sh --with-test-deps" (Debian firefox-esr) or set FIREFOX_PATH`;
}

/**
 * Preferences of the test profile, on top of puppeteer's (which already turn off updates,
 * telemetry, safe browsing and the other background requests).
 */
export const firefoxTestPrefs: Record<string, unknown> = {
  // A fake camera and microphone, granted without a prompt.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Firefox gathers no loopback candidates, so the SFU's worker runs in a network namespace
  // (test/helpers/netns.ts): gather on every interface, the host end of the veth pair included,
  // with real addresses rather than mDNS names (no multicast DNS queries on the LAN).
  'media.peerconnection.ice.default_address_only': false,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Autoplay of the (muted) pulled media without a user gesture.
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // No captive-portal or connectivity probes.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
};

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (which never
 * downloads a browser). Puppeteer gives it a fresh temporary profile and removes it on close.
 *
 * Firefox resolves names in the background even in puppeteer's profile (remote settings:
 * firefox.settings.services.mozilla.com, whose server pref it ignores). As root, it runs in a
 * mount namespace whose /etc/resolv.conf names 127.0.0.1, where nothing answers: every lookup
 * stays on loopback and fails at once, and the tests send nothing off this machine.
 */
export async function launchFirefox(executablePath = firefoxPath): Promise<Browser> {
  const wrapper = process.getuid?.() === 0 && existsSync('/usr/bin/unshare') ? writeResolverWrapper(executablePath) : undefined;
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: wrapper?.executable ?? executablePath,
      headless: true,
      extraPrefsFirefox: firefoxTestPrefs,
    });
    browser.once('disconnected', () => wrapper?.remove());
    return browser;
  } catch (error) {
    wrapper?.remove();
    throw error;
  }
}

/** A script that starts Firefox in its own mount namespace with a loopback-only resolv.conf. */
function writeResolverWrapper(firefox: string): { executable: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sfu-firefox-'));
  const resolvConf = join(dir, 'resolv.conf');
  const executable = join(dir, 'firefox');
  writeFileSync(resolvConf, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  writeFileSync(
    executable,
    [
      '#!/bin/sh',
      `exec /usr/bin/unshare --mount --propagation private /bin/sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' ${shellQuote(resolvConf)} ${shellQuote(firefox)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(executable, 0o755);
  return { executable, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Why the Firefox end-to-end tests cannot run here (no root, no `ip`, no Firefox), or undefined. */
export function firefoxTestsUnavailable(): string | undefined {
  return netnsUnavailable() ?? firefoxMissing();
}

/** One SFU (its worker in a network namespace) and one Firefox, shared by a test file. */
export interface FirefoxHarness {
  sfu: RunningSfu;
  browser: Browser;
  /** A new tab on an SFU page, with the REST client of browserClient.ts installed as app one. */
  open(path?: string): Promise<Page>;
  /** Closes Firefox and the SFU, removes the namespace; safe after a failed start. */
  close(): Promise<void>;
}

/**
 * Starts the SFU with its mediasoup worker inside a fresh network namespace (Firefox gathers no
 * loopback candidates, see netns.ts) and its HTTP API on 127.0.0.1, then Firefox.
 */
export async function startFirefoxHarness(overrides: ConfigInput = {}): Promise<FirefoxHarness> {
  const namespace = createMediaNamespace();
  const restoreSpawn = spawnWorkersIn(namespace);
  let sfu: RunningSfu | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    try {
      await browser?.close();
      await sfu?.stop();
    } finally {
      restoreSpawn();
      namespace.remove();
    }
  };
  try {
    sfu = await startSfu({ ...overrides, media: { workers: 1, listenIp: namespace.nsAddress, announcedAddress: namespace.nsAddress } });
    browser = await launchFirefox();
  } catch (error) {
    await close();
    throw error;
  }
  const [app] = testApps;
  const started = { sfu, browser };
  return {
    ...started,
    close,
    async open(path = '/loopback.html') {
      const page = await started.browser.newPage();
      page.on('console', (m) => process.env['SFU_TEST_LOG'] && console.log('[firefox]', m.text()));
      await page.goto(`${started.sfu.url}${path}`);
      await installBrowserClient(page, started.sfu.url, app.id, app.secret);
      return page;
    },
  };
}
