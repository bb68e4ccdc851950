import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

/** What installClient leaves on the page's window. */
interface PageClient {
  call: (method: string, path: string, body?: unknown) => Promise<{ sessionId: string; sessionDescription: RTCSessionDescriptionInit }>;
  pc: RTCPeerConnection;
}

/** Browser-side API helper and state, installed in each page. */
const installClient = (page: Page, base: string) =>
  page.evaluate(
    ({ base, appId, secret }) => {
      const call = async (method: string, path: string, body?: unknown) =>
        (await fetch(`${base}/v1/apps/${appId}${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, body: JSON.stringify(body) })).json();
      Object.assign(window, { call, pc: new RTCPeerConnection({ bundlePolicy: 'max-bundle' }) });
    },
    { base, appId: testApps[0].id, secret: testApps[0].secret },
  );

describe('simulcast in a Chromium meeting: one PeerConnection publishes and pulls', () => {
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

  it('a PeerConnection that publishes simulcast keeps playing the simulcast track it pulls', async () => {
    const [sender, meeting] = [await browser.newPage(), await browser.newPage()];
    for (const page of [sender, meeting]) {
      await page.goto(`${sfu.url}/loopback.html`);
      await installClient(page, sfu.url);
    }
    // One page publishes 1280x720 in three layers (a best).
    const senderSession = await sender.evaluate(async () => {
      const { call, pc } = window as unknown as PageClient;
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
      const t = pc.addTransceiver(stream.getVideoTracks()[0]!, {
        direction: 'sendonly',
        sendEncodings: [{ rid: 'c', scaleResolutionDownBy: 4 }, { rid: 'b', scaleResolutionDownBy: 2 }, { rid: 'a' }],
      });
      const { sessionId } = await call('POST', '/sessions/new');
      await pc.setLocalDescription(await pc.createOffer());
      const pushed = await call('POST', `/sessions/${sessionId}/tracks/new`, { sessionDescription: pc.localDescription, tracks: [{ location: 'local', mid: t.mid, trackName: 'cam' }] });
      await pc.setRemoteDescription(pushed.sessionDescription);
      return sessionId as string;
    });
    // The other publishes its own camera first (its ids on the BUNDLE), then pulls that video with no preference.
    const frames = await meeting.evaluate(async (publisher) => {
      const { call, pc } = window as unknown as PageClient;
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      // Published like Orange Meets does: audio, and video in two rid layers.
      const ts = [
        pc.addTransceiver(stream.getAudioTracks()[0]!, { direction: 'sendonly' }),
        pc.addTransceiver(stream.getVideoTracks()[0]!, { direction: 'sendonly', sendEncodings: [{ rid: 'a' }, { rid: 'b', scaleResolutionDownBy: 2 }] }),
      ];
      const { sessionId } = await call('POST', '/sessions/new');
      await pc.setLocalDescription(await pc.createOffer());
      const pushed = await call('POST', `/sessions/${sessionId}/tracks/new`, {
        sessionDescription: pc.localDescription,
        tracks: ts.map((t) => ({ location: 'local', mid: t.mid, trackName: t.sender.track!.kind })),
      });
      await pc.setRemoteDescription(pushed.sessionDescription);
      const pulled = await call('POST', `/sessions/${sessionId}/tracks/new`, { tracks: [{ location: 'remote', sessionId: publisher, trackName: 'cam', simulcast: { preferredRid: 'a' } }] });
      await pc.setRemoteDescription(pulled.sessionDescription);
      await pc.setLocalDescription(await pc.createAnswer());
      await call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
      const decoded = async () => {
        let n = 0;
        (await pc.getStats()).forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') n += r.framesDecoded ?? 0;
        });
        return n;
      };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      await sleep(3000);
      const early = await decoded();
      await sleep(6000);
      return { early, late: await decoded() };
    }, senderSession);
    expect(frames.early).toBeGreaterThan(0);
    // Two headless Chromium pages encoding 720p simulcast on two cores decode about 5 fps here, the
    // same as a PeerConnection that only pulls; a frozen stream adds none.
    expect(frames.late - frames.early).toBeGreaterThan(15);
  });
});
