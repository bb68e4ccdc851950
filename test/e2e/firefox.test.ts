import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { installBrowserClient } from '../helpers/browserClient.js';
import { firefoxMissing, launchFirefox } from '../helpers/firefox.js';
import { createMediaNamespace, netnsUnavailable, spawnWorkersIn, type MediaNamespace } from '../helpers/netns.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

const unavailable = netnsUnavailable() ?? firefoxMissing();
if (unavailable) console.warn(`skipping the Firefox tests: ${unavailable}`);

describe.skipIf(unavailable)('Firefox as a client of the REST API', () => {
  let namespace: MediaNamespace;
  let restoreSpawn: () => void;
  let sfu: RunningSfu;
  let browser: Browser;
  const app = testApps[0];

  beforeAll(async () => {
    namespace = createMediaNamespace();
    restoreSpawn = spawnWorkersIn(namespace);
    sfu = await startSfu({ media: { workers: 1, listenIp: namespace.nsAddress, announcedAddress: namespace.nsAddress } });
    browser = await launchFirefox();
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
    restoreSpawn?.();
    namespace?.remove();
  });

  const open = async (): Promise<Page> => {
    const page = await browser.newPage();
    page.on('console', (m) => process.env['SFU_TEST_LOG'] && console.log('[firefox]', m.text()));
    await page.goto(`${sfu.url}/loopback.html`);
    await installBrowserClient(page, sfu.url, app.id, app.secret);
    return page;
  };

  it('a max-bundle publisher (bundle-only video) is pulled by a balanced subscriber that decodes its video and receives its audio', async () => {
    const publisher = await open();
    const published = await publisher.evaluate(async () => {
      const client = window.client;
      client.pc('cam', { bundlePolicy: 'max-bundle' });
      const stream = await client.media();
      const offer = (await client.publish('cam', stream, ['audio', 'video'])).body;
      return { ...offer, bundleOnly: client.pcs['cam']!.localDescription!.sdp.includes('a=bundle-only') };
    });
    expect(published.bundleOnly).toBe(true);
    expect(published.tracks!.map((t) => [t.mid, t.trackName, t.errorCode])).toEqual([
      ['0', 'audio', undefined],
      ['1', 'video', undefined],
    ]);

    const viewer = await open();
    const stats = await viewer.evaluate(async (sessionId) => {
      const client = window.client;
      client.pc('view', { bundlePolicy: 'balanced' });
      const { body: session } = await client.call('POST', '/sessions/new');
      const pulled = await client.pull('view', session.sessionId!, [
        { location: 'remote', sessionId, trackName: 'video' },
        { location: 'remote', sessionId, trackName: 'audio' },
      ]);
      if (pulled.tracks!.some((t) => t.errorCode)) throw new Error(JSON.stringify(pulled.tracks));
      return client.decodesVideo('view');
    }, published.sessionId!);
    const video = stats.find((s) => s.kind === 'video')!;
    const audio = stats.find((s) => s.kind === 'audio')!;
    expect(video.advancing).toBe(true);
    expect(video.frameWidth).toBeGreaterThan(0);
    expect(audio.packetsReceived).toBeGreaterThan(0);
  });
});
