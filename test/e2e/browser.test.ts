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
    await publisherPage.goto(`${sfu.url}/loopback.html#app=${app.id}&secret=${app.secret}&autostart=1`);
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

  it('two Chromium pages each publish and pull the other on one PeerConnection', async () => {
    const app = testApps[0];
    const pages = [await browser.newPage(), await browser.newPage()];
    for (const page of pages) await page.goto(`${sfu.url}/`);
    // Step 1: each page publishes camera and microphone on its PeerConnection.
    const sessions = await Promise.all(
      pages.map((page) =>
        page.evaluate(
          async ({ base, appId, secret }) => {
            const call = async (method: string, path: string, body?: unknown) =>
              (await fetch(`${base}/v1/apps/${appId}${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, body: body === undefined ? undefined : JSON.stringify(body) })).json();
            const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
            const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            const transceivers = stream.getTracks().map((t) => pc.addTransceiver(t, { direction: 'sendonly' }));
            const { sessionId } = await call('POST', '/sessions/new');
            await pc.setLocalDescription(await pc.createOffer());
            const pushed = await call('POST', `/sessions/${sessionId}/tracks/new`, {
              sessionDescription: pc.localDescription,
              tracks: transceivers.map((t) => ({ location: 'local', mid: t.mid, trackName: t.sender.track!.kind })),
            });
            await pc.setRemoteDescription(pushed.sessionDescription);
            const video = document.createElement('video');
            video.muted = true;
            video.autoplay = true;
            document.body.append(video);
            pc.ontrack = (event) => {
              if (event.track.kind === 'video') video.srcObject = new MediaStream([event.track]);
            };
            Object.assign(window, { meeting: { pc, call, sessionId, video } });
            return sessionId as string;
          },
          { base: sfu.url, appId: app.id, secret: app.secret },
        ),
      ),
    );
    // Step 2: each pulls the other's tracks into the same PeerConnection and waits for its video.
    const widths = await Promise.all(
      pages.map((page, i) =>
        page.evaluate(async (otherSessionId) => {
          type Pulled = { sessionDescription?: RTCSessionDescriptionInit };
          type Meeting = { pc: RTCPeerConnection; call: (m: string, p: string, b?: unknown) => Promise<Pulled>; sessionId: string; video: HTMLVideoElement };
          const { pc, call, sessionId, video } = (window as unknown as { meeting: Meeting }).meeting;
          const pulled = await call('POST', `/sessions/${sessionId}/tracks/new`, {
            tracks: ['video', 'audio'].map((trackName) => ({ location: 'remote', sessionId: otherSessionId, trackName })),
          });
          if (!pulled.sessionDescription) throw new Error(JSON.stringify(pulled));
          await pc.setRemoteDescription(pulled.sessionDescription);
          await pc.setLocalDescription(await pc.createAnswer());
          await call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
          const deadline = Date.now() + 20_000;
          while (video.videoWidth === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
          return video.videoWidth;
        }, sessions[1 - i]!),
      ),
    );
    expect(widths[0]).toBeGreaterThan(0);
    expect(widths[1]).toBeGreaterThan(0);
  });
});
