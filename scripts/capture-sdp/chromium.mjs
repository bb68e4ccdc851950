// Capture SDP offers from headless Chromium via playwright-core.
// Usage: node scripts/capture-sdp/chromium.mjs [path-to-chromium]
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runCaptures } from './common.mjs';

const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>sdp capture</title><body>sdp capture</body>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const userDataDir = mkdtempSync(join(tmpdir(), 'sdp-capture-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless=new',
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
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  await page.goto(`http://127.0.0.1:${port}/`);

  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
  console.log(`chromium version: ${version}`);
  console.log(`user agent: ${await page.evaluate(() => navigator.userAgent)}`);

  // Helpers installed in the page.
  await page.evaluate(() => {
    window.gatherComplete = (pc) =>
      new Promise((resolve, reject) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        const t = setTimeout(() => reject(new Error('ICE gathering timeout')), 15000);
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') {
            clearTimeout(t);
            resolve();
          }
        });
      });
    /** createOffer + setLocalDescription, wait for gathering, return localDescription.sdp */
    window.offerWithCandidates = async (pc) => {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await window.gatherComplete(pc);
      return pc.localDescription.sdp;
    };
    window.media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
  });

  const captures = {
    'chromium-sendonly-audio-video.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
      pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream] });
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'chromium-sendonly-simulcast.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
      pc.addTransceiver(stream.getVideoTracks()[0], {
        direction: 'sendonly',
        streams: [stream],
        sendEncodings: [
          { rid: 'a', scaleResolutionDownBy: 4 },
          { rid: 'b', scaleResolutionDownBy: 2 },
          { rid: 'c' },
        ],
      });
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'chromium-datachannel.sdp': async () => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.createDataChannel('x');
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      return sdp;
    },
    'chromium-sendrecv-audio-video-data.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
      pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
      pc.createDataChannel('x');
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    // Re-offer after stopping the video transceiver while the first offer is
    // still pending (signalingState have-local-offer; no answer was applied).
    'chromium-reoffer-before-stop.sdp|chromium-reoffer-after-stop.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
      const video = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
      const before = await window.offerWithCandidates(pc);
      video.stop();
      const after = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return [before, after];
    },
    // Same, but after a complete offer/answer exchange with a second Chromium
    // RTCPeerConnection as the answerer (stable state when stop() is called).
    'chromium-reoffer-after-stop-negotiated.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      const remote = new RTCPeerConnection({ iceServers: [] });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
      const video = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
      await window.offerWithCandidates(pc);
      await remote.setRemoteDescription(pc.localDescription);
      await remote.setLocalDescription(await remote.createAnswer());
      await pc.setRemoteDescription(remote.localDescription);
      video.stop();
      const after = await window.offerWithCandidates(pc);
      pc.close();
      remote.close();
      stream.getTracks().forEach((t) => t.stop());
      return after;
    },
  };

  await runCaptures(page, captures);
} finally {
  await context?.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(0);
