import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

/** Whether a request stays on this machine (inline blob: and data: URLs never leave the page). */
function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'blob:' || protocol === 'data:' || hostname === '127.0.0.1';
}

describe('GraphiQL at /graphql', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  let page: Page;
  const leftLoopback: string[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (!isLoopback(request.url())) leftLoopback.push(request.url());
    });
    // As on a machine without internet: anything not for loopback fails.
    await page.route('**', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort('internetdisconnected')));
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('works offline: a query runs from its editor with the secret in the headers tab', async () => {
    await page.goto(`${sfu.url}/graphql`);
    await expect(page.title()).resolves.toBe('open-realtime-sfu');
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.waitFor({ timeout: 20_000 });
    // Monaco draws spaces as no-break spaces.
    const text = async (locator: ReturnType<Page['locator']>) => (await locator.innerText()).replaceAll('\u00a0', ' ');
    expect(await text(headers.locator('.view-lines'))).toContain('Bearer <app secret or access token>');
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    // Pasted, as a person with the secret on the clipboard would: typed key by key, the editor's
    // suggestions sometimes swallowed a character on a loaded machine.
    const bearer = JSON.stringify({ Authorization: `Bearer ${testApps[0].secret}` });
    await page.keyboard.insertText(bearer);
    expect((await text(headers.locator('.view-lines'))).replace(/\s/g, '')).toBe(bearer.replace(/\s/g, ''));
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => text(page.locator('.graphiql-response')), { timeout: 15_000 }).toContain(`"id": "${testApps[0].id}"`);
    expect(leftLoopback).toEqual([]);
  });
});
