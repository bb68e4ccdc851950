import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

describe('a browser client of the REST API', () => {
  let sfu: RunningSfu;
  let browser: Browser;

  beforeAll(async () => {
    sfu = await startSfu();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('the example page publishes its camera and plays it back through the SFU; another page pulls it', async () => {
    const app = testApps[0];
    const publisherPage = await browser.newPage();
    publisherPage.on('console', (m) => process.env['SFU_TEST_LOG'] && console.log('[page]', m.text()));
    await publisherPage.goto(`${sfu.url}/#app=${app.id}&secret=${app.secret}&autostart=1`);
    await publisherPage.waitForFunction(() => (document.getElementById('remote') as HTMLVideoElement).videoWidth > 0, null, {
      timeout: 20_000,
    });
    const publisherSessionId = await publisherPage.evaluate(
      () => (window as unknown as { sfuExample: { publisher: { sessionId: string } } }).sfuExample.publisher.sessionId,
    );

    // A second page, written as a Cloudflare Calls client would be: fetch + RTCPeerConnection only.
    const viewer = await browser.newPage();
    await viewer.goto(`${sfu.url}/`);
    const width = await viewer.evaluate(
      async ({ base, appId, secret, sessionId }) => {
        const call = async (method: string, path: string, body?: unknown) => {
          const response = await fetch(`${base}/v1/apps/${appId}${path}`, {
            method,
            headers: { Authorization: `Bearer ${secret}` },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return response.json();
        };
        const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        document.body.append(video);
        pc.ontrack = (event) => {
          if (event.track.kind === 'video') video.srcObject = new MediaStream([event.track]);
        };
        const session = await call('POST', '/sessions/new');
        const pulled = await call('POST', `/sessions/${session.sessionId}/tracks/new`, {
          tracks: [
            { location: 'remote', sessionId, trackName: 'video' },
            { location: 'remote', sessionId, trackName: 'audio' },
          ],
        });
        await pc.setRemoteDescription(pulled.sessionDescription);
        await pc.setLocalDescription(await pc.createAnswer());
        await call('PUT', `/sessions/${session.sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
        const deadline = Date.now() + 20_000;
        while (video.videoWidth === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        return video.videoWidth;
      },
      { base: sfu.url, appId: app.id, secret: app.secret, sessionId: publisherSessionId },
    );
    expect(width).toBeGreaterThan(0);
  });
});
