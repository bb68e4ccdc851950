import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

describe('the room page (GraphQL)', () => {
  let sfu: RunningSfu;
  let browser: Browser;

  beforeAll(async () => {
    // A short liveness timeout bounds the leave even if the closing page sends no DTLS close.
    sfu = await startSfu({ timing: { livenessTimeoutMs: 4_000 } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  const playingTiles = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('figure[data-session]')]
        .filter((f) => f.dataset['session'] !== 'me')
        .map((f) => ({ name: f.querySelector('figcaption')!.textContent, width: f.querySelector('video')!.videoWidth })),
    );

  it("two pages in one room each show the other's video, and a leaver disappears", async () => {
    const open = async (name: string) => {
      const page = await browser.newPage();
      page.on('console', (m) => process.env['SFU_TEST_LOG'] && console.log(`[${name}]`, m.text()));
      await page.goto(`${sfu.url}/#secret=${testApps[0].secret}&room=standup&name=${name}&autostart=1`);
      return page;
    };
    const ann = await open('ann');
    const bob = await open('bob');
    for (const [page, other] of [
      [ann, 'bob'],
      [bob, 'ann'],
    ] as const) {
      await page.waitForFunction(
        (name) =>
          [...document.querySelectorAll('figure[data-session]')].some(
            (f) => f.querySelector('figcaption')?.textContent === name && f.querySelector('video')!.videoWidth > 0,
          ),
        other,
        { timeout: 30_000 },
      );
      expect(await playingTiles(page)).toEqual([{ name: other, width: expect.any(Number) }]);
    }

    await bob.close({ runBeforeUnload: true });
    await ann.waitForFunction(() => document.querySelectorAll('figure[data-session]').length === 1, null, { timeout: 30_000 });
    expect(await playingTiles(ann)).toEqual([]);
  });
});
