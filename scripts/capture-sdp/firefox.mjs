// Capture SDP offers (and answers to the SFU's own offers) from headless Firefox ESR via
// puppeteer-core over WebDriver BiDi.
// Usage: node scripts/capture-sdp/firefox.mjs [path-to-firefox]
import http from 'node:http';
import { register } from 'tsx/esm/api';
import { runCaptures } from './common.mjs';

const executablePath = process.argv[2] ?? process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// The pull answers need the SFU's own offers, and the SFU offers a track only once media of it
// arrived: a real SFU runs with its worker in a network namespace, as in the Firefox tests
// (Firefox gathers no loopback candidates). Run as root.
register();
const { startSfu, testApps } = await import('../../test/helpers/sfu.ts');
const { createMediaNamespace, spawnWorkersIn } = await import('../../test/helpers/netns.ts');
const { launchFirefox } = await import('../../test/helpers/firefox.ts');
const namespace = createMediaNamespace();
spawnWorkersIn(namespace);
const sfu = await startSfu({ media: { workers: 1, listenIp: namespace.nsAddress, announcedAddress: namespace.nsAddress } });

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>sdp capture</title><body>sdp capture</body>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

let browser;
try {
  browser = await launchFirefox(executablePath);
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  await page.goto(`http://127.0.0.1:${port}/`);
  console.log(`firefox version: ${await browser.version()}`);
  console.log(`user agent: ${await page.evaluate(() => navigator.userAgent)}`);

  await page.evaluate(
    ({ base, appId, secret }) => {
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
      window.offerWithCandidates = async (pc) => {
        await pc.setLocalDescription(await pc.createOffer());
        await window.gatherComplete(pc);
        return pc.localDescription.sdp;
      };
      window.media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
      window.call = async (method, path, body) => {
        const response = await fetch(`${base}/v1/apps/${appId}${path}`, {
          method,
          headers: { Authorization: `Bearer ${secret}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return response.json();
      };
      /** Two Firefox PeerConnections negotiate, then the offerer stops one transceiver and re-offers. */
      window.reofferAfterStop = async (stopIndex) => {
        const stream = await window.media();
        const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
        const remote = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
        const transceivers = stream.getTracks().map((track) => pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] }));
        const before = await window.offerWithCandidates(pc);
        await remote.setRemoteDescription(pc.localDescription);
        await remote.setLocalDescription(await remote.createAnswer());
        await pc.setRemoteDescription(remote.localDescription);
        transceivers[stopIndex].stop();
        const after = await window.offerWithCandidates(pc);
        pc.close();
        remote.close();
        stream.getTracks().forEach((t) => t.stop());
        return [before, after];
      };
    },
    { base: sfu.url, appId: testApps[0].id, secret: testApps[0].secret },
  );

  const captures = {
    // The offer of issue 11: max-bundle puts every m-section after the first at port 0 with a=bundle-only.
    'firefox-sendonly-audio-video-max-bundle.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'firefox-sendonly-audio-video.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [] });
      stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'firefox-sendonly-simulcast.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
      pc.addTransceiver(stream.getVideoTracks()[0], {
        direction: 'sendonly',
        streams: [stream],
        sendEncodings: [{ rid: 'f' }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'q', scaleResolutionDownBy: 4 }],
      });
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'firefox-datachannel.sdp': async () => {
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      pc.createDataChannel('x');
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      return sdp;
    },
    'firefox-sendrecv-audio-video-data.sdp': async () => {
      const stream = await window.media();
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] }));
      pc.createDataChannel('x');
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
      return sdp;
    },
    'firefox-recvonly-audio-video.sdp': async () => {
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
      const sdp = await window.offerWithCandidates(pc);
      pc.close();
      return sdp;
    },
    'firefox-reoffer-before-stop.sdp|firefox-reoffer-after-stop-negotiated.sdp': () => window.reofferAfterStop(1),
    'firefox-reoffer-after-stop-first-negotiated.sdp': async () => (await window.reofferAfterStop(0))[1],
    // Firefox publishes on the SFU, a second Firefox PeerConnection answers the SFU's pull offer.
    'sfu-pull-offer-to-firefox.sdp|firefox-answer-pull-audio-video.sdp|firefox-answer-pull-into-publishing-pc.sdp|firefox-reoffer-publish-and-pull.sdp': async () => {
      const stream = await window.media();
      const publisher = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      const sent = stream.getTracks().map((track) => publisher.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
      await publisher.setLocalDescription(await publisher.createOffer());
      const { sessionId } = await window.call('POST', '/sessions/new');
      const pushed = await window.call('POST', `/sessions/${sessionId}/tracks/new`, {
        sessionDescription: publisher.localDescription,
        tracks: sent.map((t) => ({ location: 'local', mid: t.mid, trackName: t.sender.track.kind })),
      });
      if (pushed.tracks.some((t) => t.errorCode)) throw new Error(JSON.stringify(pushed.tracks));
      await publisher.setRemoteDescription(pushed.sessionDescription);
      const viewer = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      const pulling = await window.call('POST', '/sessions/new');
      // A track can be pulled once its first packets reached the SFU.
      let pulled;
      for (let attempt = 0; attempt < 50; attempt++) {
        pulled = await window.call('POST', `/sessions/${pulling.sessionId}/tracks/new`, {
          tracks: ['audio', 'video'].map((trackName) => ({ location: 'remote', sessionId, trackName })),
        });
        if (!pulled.tracks) throw new Error(JSON.stringify(pulled));
        if (!pulled.tracks.some((t) => t.errorCode === 'empty_track_error')) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (!pulled.sessionDescription) throw new Error(JSON.stringify(pulled));
      await viewer.setRemoteDescription(pulled.sessionDescription);
      await viewer.setLocalDescription(await viewer.createAnswer());
      await window.gatherComplete(viewer);
      const result = [pulled.sessionDescription.sdp, viewer.localDescription.sdp];
      // A second max-bundle pc publishes too, then pulls the first one's tracks: its answer to that
      // SFU offer lies in a BUNDLE it already has (new sections at port 0 with a=bundle-only).
      const both = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
      const own = stream.getTracks().map((track) => both.addTransceiver(track.clone(), { direction: 'sendonly' }));
      await both.setLocalDescription(await both.createOffer());
      const bothSession = await window.call('POST', '/sessions/new');
      const bothPushed = await window.call('POST', `/sessions/${bothSession.sessionId}/tracks/new`, {
        sessionDescription: both.localDescription,
        tracks: own.map((t) => ({ location: 'local', mid: t.mid, trackName: t.sender.track.kind })),
      });
      await both.setRemoteDescription(bothPushed.sessionDescription);
      const intoBoth = await window.call('POST', `/sessions/${bothSession.sessionId}/tracks/new`, {
        tracks: ['audio', 'video'].map((trackName) => ({ location: 'remote', sessionId, trackName })),
      });
      if (!intoBoth.sessionDescription) throw new Error(JSON.stringify(intoBoth));
      await both.setRemoteDescription(intoBoth.sessionDescription);
      await both.setLocalDescription(await both.createAnswer());
      result.push(both.localDescription.sdp);
      // Its next offer (a plain renegotiation): every section after the first is bundle-only again.
      await both.setLocalDescription(await both.createOffer());
      result.push(both.localDescription.sdp);
      both.close();
      publisher.close();
      viewer.close();
      stream.getTracks().forEach((t) => t.stop());
      return result;
    },
  };

  await runCaptures(page, captures);
} finally {
  await browser?.close();
  server.close();
  await sfu.stop();
  namespace.remove();
}
process.exit(0);
