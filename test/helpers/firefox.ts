import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

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
};

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (which never
 * downloads a browser). Puppeteer gives it a fresh temporary profile and removes it on close.
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath,
    headless: true,
    extraPrefsFirefox: firefoxTestPrefs,
  });
}
