import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

const app = testApps[0];
const authorization = `Bearer ${app.secret}`;

/** What the player page has received so far. */
interface Playing {
  /** Frames the <video> element presented (requestVideoFrameCallback). */
  presented: number;
  videoWidth: number;
  framesDecoded: number;
  audioPackets: number;
}

/** The m-section of `kind` in `sdp`, up to the next m-line. */
function section(sdp: string, kind: 'audio' | 'video'): string {
  return sdp.split(/\r\n(?=m=)/).find((s) => s.startsWith(`m=${kind} `)) ?? '';
}

/**
 * Chromium's own offer of audio and video puts MID at header-extension id 4, where mediasoup
 * writes abs-send-time into every forwarded video packet. The SFU's answer leaves MID out (it is
 * not at mediasoup's id) and signals the SSRCs, and Chromium reads MID only where the answer
 * accepted it, so it demultiplexes by SSRC and plays both. (An older libwebrtc keeps reading MID
 * at its offer's id and drops the video: docs/adapters.md, "Players with their own offer".)
 */
describe('a Chromium WHEP player with its own offer', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  const media = new SyntheticMedia();
  const encoder = new WrtcPeer();

  beforeAll(async () => {
    sfu = await startSfu();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    encoder.close();
    media.stop();
    await sfu?.stop();
  });

  /** Offers audio and video recvonly with Chromium's defaults, POSTs the offer to WHEP and applies the answer. */
  const play = (page: Page, endpoint: string) =>
    page.evaluate(
      async ({ endpoint, authorization }) => {
        const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
        pc.addTransceiver('audio', { direction: 'recvonly' });
        pc.addTransceiver('video', { direction: 'recvonly' });
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        document.body.append(video);
        let presented = 0;
        const count = () => {
          presented++;
          video.requestVideoFrameCallback(count);
        };
        video.requestVideoFrameCallback(count);
        pc.ontrack = (event) => {
          if (event.track.kind === 'video') video.srcObject = new MediaStream([event.track]);
        };
        await pc.setLocalDescription(await pc.createOffer());
        const offer = pc.localDescription!.sdp;
        const response = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: authorization }, body: offer });
        const answer = await response.text();
        if (response.ok) await pc.setRemoteDescription({ type: 'answer', sdp: answer });
        Object.assign(window, {
          playing: async () => {
            let framesDecoded = 0;
            let audioPackets = 0;
            (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
              if (report.type !== 'inbound-rtp') return;
              if (report.kind === 'video') framesDecoded += report.framesDecoded ?? 0;
              if (report.kind === 'audio') audioPackets += report.packetsReceived ?? 0;
            });
            return { presented, videoWidth: video.videoWidth, framesDecoded, audioPackets };
          },
        });
        return { status: response.status, offer, answer };
      },
      { endpoint, authorization },
    );

  it('decodes and shows the video, and receives the audio, a WHIP encoder publishes', async () => {
    encoder.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
    encoder.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
    const published = await fetch(`${sfu.url}/v1/apps/${app.id}/whip/studio`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: authorization },
      body: (await encoder.offer()).sdp,
    });
    expect(published.status).toBe(201);
    await encoder.pc.setRemoteDescription({ type: 'answer', sdp: await published.text() });

    // Before the encoder's first packets, WHEP answers 503.
    const session = `${sfu.url}/v1/apps/${app.id}/sessions/${published.headers.get('location')!.split('/').pop()}`;
    await eventually('the encoder\'s media reaches the SFU', async () => {
      const { tracks } = (await (await fetch(session, { headers: { Authorization: authorization } })).json()) as { tracks: { status: string }[] };
      return tracks.length === 2 && tracks.every((t) => t.status === 'active');
    });

    const page = await browser.newPage();
    await page.goto(`${sfu.url}/`);
    const played = await play(page, `${sfu.url}/v1/apps/${app.id}/whep/studio`);
    expect(played.status).toBe(201);

    // What this test is about: MID offered away from mediasoup's id 1, left out of the answer,
    // which names the SSRCs the player demultiplexes by instead.
    expect(section(played.offer, 'video')).toMatch(/a=extmap:(?!1 )\d+ urn:ietf:params:rtp-hdrext:sdes:mid/);
    expect(played.answer).not.toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
    expect(section(played.answer, 'video')).toMatch(/a=ssrc:\d+ cname:/);
    expect(section(played.answer, 'audio')).toMatch(/a=ssrc:\d+ cname:/);

    const playing = () => page.evaluate(() => (window as unknown as { playing(): Promise<Playing> }).playing());
    await eventually('the <video> shows frames', async () => (await playing()).presented > 10, 20_000);
    const now = await playing();
    expect(now.videoWidth).toBe(media.width);
    expect(now.framesDecoded).toBeGreaterThan(10);
    await eventually('the player receives audio', async () => (await playing()).audioPackets > 20);
  });
});
