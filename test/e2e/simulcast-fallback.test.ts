import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CallsClient } from '../helpers/callsClient.js';
import { launchChromium } from '../helpers/chromium.js';
import { pull, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually } from '../helpers/wrtcPeer.js';

describe('simulcast layer fallback (ridNotAvailable)', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  let subscriber: Subscriber | undefined;

  beforeAll(async () => {
    sfu = await startSfu();
    browser = await launchChromium();
  });

  afterAll(async () => {
    subscriber?.peer.close();
    await browser?.close();
    await sfu?.stop();
  });

  /** A Chromium page publishing 1280x720 camera video in three rid layers (a best, as the hosted service ranks them). */
  const publishSimulcast = (page: Page) =>
    page.evaluate(
      async ({ base, appId, secret }) => {
        const call = async (method: string, path: string, body?: unknown) =>
          (await fetch(`${base}/v1/apps/${appId}${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, body: JSON.stringify(body) })).json();
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
        const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
        const transceiver = pc.addTransceiver(stream.getVideoTracks()[0]!, {
          direction: 'sendonly',
          sendEncodings: [
            { rid: 'c', scaleResolutionDownBy: 4 },
            { rid: 'b', scaleResolutionDownBy: 2 },
            { rid: 'a', scaleResolutionDownBy: 1 },
          ],
        });
        const { sessionId } = await call('POST', '/sessions/new');
        await pc.setLocalDescription(await pc.createOffer());
        const pushed = await call('POST', `/sessions/${sessionId}/tracks/new`, {
          sessionDescription: pc.localDescription,
          tracks: [{ location: 'local', mid: transceiver.mid, trackName: 'cam' }],
        });
        await pc.setRemoteDescription(pushed.sessionDescription);
        Object.assign(window, {
          setLayerActive: async (index: number, active: boolean) => {
            const parameters = transceiver.sender.getParameters();
            parameters.encodings[index]!.active = active;
            await transceiver.sender.setParameters(parameters);
          },
        });
        return sessionId as string;
      },
      { base: sfu.url, appId: testApps[0].id, secret: testApps[0].secret },
    );

  it('falls back to the next layer when the preferred one stops, and returns when it resumes', async () => {
    const page = await browser.newPage();
    await page.goto(`${sfu.url}/loopback.html`);
    const sessionId = await publishSimulcast(page);
    const client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
    subscriber = await pull(client, [
      { sessionId, trackName: 'cam', simulcast: { preferredRid: 'b', priorityOrdering: 'asciibetical', ridNotAvailable: 'asciibetical' } },
    ]);
    expect(subscriber.results[0]!.errorCode).toBeUndefined();
    const mid = subscriber.results[0]!.mid!;
    const width = () => subscriber!.peer.video.get(mid)?.width ?? 0;
    const setLayerB = (active: boolean) =>
      page.evaluate((on) => (window as unknown as { setLayerActive: (i: number, a: boolean) => Promise<void> }).setLayerActive(1, on), active);

    await eventually('the preferred layer b (640x360)', () => width() === 640, 20_000);
    await setLayerB(false);
    await eventually('fallback to layer c (320x180)', () => width() === 320, 20_000);
    await setLayerB(true);
    await eventually('back to layer b (640x360)', () => width() === 640, 20_000);
  });
});
