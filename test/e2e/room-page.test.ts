import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { accessToken } from '../helpers/tokens.js';

const app = testApps[0];
const room = 'standup';
const screenshots = 'test-results/room-page';

const token = (
  identity: string,
  name: string,
  { secret = app.secret as string, expiresIn = '10m' as string | number, canPublish = true, inRoom = room } = {},
) => accessToken({ room: inRoom, identity, name, expiresIn, app: { id: app.id, secret }, grants: { canPublish } });

/** What a page shows of the others: each remote tile's name, mute state and video size. */
const remoteTiles = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('figure[data-session][data-track]:not([data-local])')].map((f) => ({
      name: f.querySelector('figcaption')!.textContent,
      track: f.dataset['track'],
      mutedAudio: f.dataset['mutedAudio'],
      mutedVideo: f.dataset['mutedVideo'],
      width: f.querySelector('video')!.videoWidth,
    })),
  );

/** Waits until the page shows exactly these others, each with video playing. */
const seesPlaying = (page: Page, names: string[], { timeout = 30_000, notSessions = [] as string[] } = {}) =>
  page.waitForFunction(
    ({ names, notSessions }) => {
      const tiles = [...document.querySelectorAll<HTMLElement>('figure[data-track="video"]:not([data-local])')];
      const playing = tiles
        .filter((f) => f.querySelector('video')!.videoWidth > 0 && !notSessions.includes(f.dataset['session']!))
        .map((f) => f.querySelector('figcaption')!.textContent);
      return tiles.length === names.length && names.every((n) => playing.includes(n));
    },
    { names, notSessions },
    { timeout, polling: 200 },
  );

/** The sessions of every tile on the page, the local one too. */
const sessionsOn = (page: Page) => page.$$eval('figure[data-session]', (tiles) => tiles.map((f) => (f as HTMLElement).dataset['session']!));

/** Frames the page decoded of someone's camera during `ms`. */
const framesOf = (page: Page, name: string, ms: number) =>
  page.evaluate(
    async ({ name, ms }) => {
      const video = [...document.querySelectorAll('figure[data-track="video"]:not([data-local])')]
        .find((f) => f.querySelector('figcaption')!.textContent === name)!
        .querySelector('video')!;
      const before = video.getVideoPlaybackQuality().totalVideoFrames;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return video.getVideoPlaybackQuality().totalVideoFrames - before;
    },
    { name, ms },
  );

describe('the room page (access tokens)', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // A short liveness timeout bounds the leave even if the closing page sends no DTLS close.
    sfu = await startSfu({ timing: { livenessTimeoutMs: 4_000 } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  const shoot = async (page: Page, name: string) => {
    const path = `${screenshots}/${name}.png`;
    await page.screenshot({ path });
    console.log(`screenshot: ${path}`);
  };

  const open = async (identity: string, name: string, hash?: string) => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    page.on('console', (m) => process.env['SFU_TEST_LOG'] && console.log(`[${identity}]`, m.text()));
    await page.goto(`${sfu.url}/#token=${hash ?? (await token(identity, name))}`);
    return page;
  };

  it('three people join with tokens and see each other by name', async () => {
    pages['ann'] = await open('ann', 'Ann');
    pages['bob'] = await open('bob', 'Bob');
    pages['cy'] = await open('cy', 'Cy');
    await Promise.all([seesPlaying(pages['ann'], ['Bob', 'Cy']), seesPlaying(pages['bob'], ['Ann', 'Cy']), seesPlaying(pages['cy'], ['Ann', 'Bob'])]);
    expect(await remoteTiles(pages['ann'])).toEqual([
      { name: 'Bob', track: 'video', mutedAudio: 'false', mutedVideo: 'false', width: expect.any(Number) },
      { name: 'Cy', track: 'video', mutedAudio: 'false', mutedVideo: 'false', width: expect.any(Number) },
    ]);
    expect(await pages['ann'].textContent('figure[data-local] figcaption')).toBe('Ann (you)');
    expect(await pages['ann'].getAttribute('#status', 'data-state')).toBe('connected');
    // The fake microphone beeps: someone's tile lights up while they "speak".
    await pages['ann'].waitForSelector('figure[data-track="video"]:not([data-local])[data-speaking="true"]', { timeout: 10_000 });
    await shoot(pages['ann'], 'three-people');
  });

  it('a shared screen is a second tile for the others, gone when the sharing stops', async () => {
    const bob = pages['bob']!;
    await bob.click('#screen');
    const screenTile = 'figure[data-track="screen"]:has(figcaption:text-is("Bob (screen)"))';
    for (const other of [pages['ann']!, pages['cy']!]) {
      await other.waitForFunction((selector) => {
        const video = document.querySelector(selector.replace(':has(figcaption:text-is("Bob (screen)"))', ':not([data-local]) video')) as HTMLVideoElement | null;
        return video !== null && video.videoWidth > 0;
      }, screenTile, { timeout: 15_000 });
      expect(await other.textContent(`${screenTile} figcaption`)).toBe('Bob (screen)');
    }
    await shoot(pages['ann']!, 'screen-share');
    await bob.click('#screen');
    for (const other of [pages['ann']!, pages['cy']!]) await other.waitForSelector('figure[data-track="screen"]', { state: 'detached', timeout: 10_000 });
  });

  it("muting the camera and microphone shows on the others' tiles and stops the video; unmuting brings it back", async () => {
    const ann = pages['ann']!;
    await ann.click('#mic');
    await ann.click('#camera');
    for (const other of [pages['bob']!, pages['cy']!]) {
      await other.waitForSelector('figure[data-track="video"][data-muted-audio="true"][data-muted-video="true"]:has(figcaption:text-is("Ann"))', { timeout: 10_000 });
    }
    expect(await framesOf(pages['bob']!, 'Ann', 1_000)).toBe(0);
    await shoot(pages['bob']!, 'ann-muted');

    await ann.click('#mic');
    await ann.click('#camera');
    for (const other of [pages['bob']!, pages['cy']!]) {
      await other.waitForSelector('figure[data-track="video"][data-muted-audio="false"][data-muted-video="false"]:has(figcaption:text-is("Ann"))', { timeout: 10_000 });
    }
    expect(await framesOf(pages['bob']!, 'Ann', 1_500)).toBeGreaterThan(0);
  });

  it('all three come back with video after the server restarts', async () => {
    const port = Number(new URL(sfu.url).port);
    const everyone = Object.values(pages);
    // Cy's microphone is off when the server goes: it stays off, and the others see it again
    // from the new server's Room snapshot.
    await pages['cy']!.click('#mic');
    await pages['ann']!.waitForSelector('figure[data-muted-audio="true"]:has(figcaption:text-is("Cy"))', { timeout: 10_000 });
    const before = (await Promise.all(everyone.map(sessionsOn))).flat();
    await sfu.stop();
    await Promise.all(everyone.map((page) => page.waitForSelector('#status[data-state="reconnecting"]', { timeout: 10_000 })));
    await shoot(pages['ann']!, 'reconnecting');
    sfu = await startSfu({ port, timing: { livenessTimeoutMs: 4_000 } });
    const again = { notSessions: before };
    await Promise.all([
      seesPlaying(pages['ann']!, ['Bob', 'Cy'], again),
      seesPlaying(pages['bob']!, ['Ann', 'Cy'], again),
      seesPlaying(pages['cy']!, ['Ann', 'Bob'], again),
    ]);
    for (const page of everyone) expect(await page.getAttribute('#status', 'data-state')).toBe('connected');
    for (const page of [pages['ann']!, pages['bob']!]) {
      expect(await page.getAttribute('figure[data-track="video"]:has(figcaption:text-is("Cy"))', 'data-muted-audio')).toBe('true');
    }
    await shoot(pages['bob']!, 'after-restart');
  });

  it("a leaver's tile disappears for the others", async () => {
    await pages['cy']!.click('#leave');
    await pages['cy']!.waitForSelector('#left:not([hidden])', { timeout: 10_000 });
    await Promise.all([seesPlaying(pages['ann']!, ['Bob'], { timeout: 10_000 }), seesPlaying(pages['bob']!, ['Ann'], { timeout: 10_000 })]);
    await shoot(pages['ann']!, 'after-leave');
  });

  it('a viewer token joins without publishing, and a denied camera offers to join with the microphone only', async () => {
    const lobby = 'lobby';
    const viewer = await open('vic', 'Vic', await token('vic', 'Vic', { canPublish: false, inRoom: lobby }));
    await viewer.waitForSelector('#status[data-state="connected"]', { timeout: 10_000 });
    expect(await viewer.textContent('#viewer')).toMatch(/Viewing only/);
    expect(await viewer.isDisabled('#mic')).toBe(true);

    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.addInitScript(() => {
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (constraints) =>
        constraints?.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : real(constraints);
    });
    await page.goto(`${sfu.url}/#token=${await token('dan', 'Dan', { inRoom: lobby })}`);
    await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#error .message')).toMatch(/Access to your camera or microphone was denied/);
    await shoot(page, 'camera-denied');
    await page.click('#error button:text-is("Join with microphone only")');
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 10_000 });
    // The viewer sees Dan (no video: his initials) and hears him.
    await viewer.waitForFunction(
      () => {
        const dan = [...document.querySelectorAll<HTMLElement>('figure[data-track="video"]')].find((f) => f.querySelector('figcaption')!.textContent === 'Dan');
        return dan?.dataset['hasVideo'] === 'false' && (dan.querySelector('audio')!.srcObject as MediaStream | null)?.getAudioTracks().length === 1;
      },
      null,
      { timeout: 15_000 },
    );
    await shoot(viewer, 'viewer');
    await Promise.all([viewer.close(), page.close()]);
  });

  it('a wrong or expired token shows the reason the server gave', async () => {
    const expired = await open('dee', 'Dee', await token('dee', 'Dee', { expiresIn: Math.floor(Date.now() / 1000) - 60 }));
    await expired.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
    expect(await expired.textContent('#error .message')).toMatch(/refused this access token: the access token expired at/);
    await shoot(expired, 'expired-token');
    const forged = await open('eve', 'Eve', await token('eve', 'Eve', { secret: 'not-the-secret' }));
    await forged.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
    expect(await forged.textContent('#error .message')).toMatch(/signature does not verify/);
    expect(await forged.isVisible('#stage')).toBe(false);
  });
});
