import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with a fake camera and microphone, allowed to reach loopback media.
 * Playwright gives it a fresh temporary profile and removes it on close.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--disable-background-networking',
      // No name reaches DNS (Chromium looks up Google services even so): pages here use IP addresses only.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
