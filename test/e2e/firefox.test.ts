import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { receivedIn, videoDecodes, videoStopped, videoUntil } from '../helpers/browserClient.js';
import { firefoxTestsUnavailable, startFirefoxHarness, type FirefoxHarness } from '../helpers/firefox.js';
import { testApps } from '../helpers/sfu.js';

const unavailable = firefoxTestsUnavailable();
if (unavailable) console.warn(`skipping the Firefox REST tests: ${unavailable}`);

/**
 * Firefox ESR through the REST API. One Firefox and one SFU for the file; the SFU's worker runs in
 * a network namespace the test makes, because Firefox gathers no loopback candidates.
 */
describe.skipIf(unavailable)('Firefox as a client of the REST API', () => {
  let harness: FirefoxHarness;
  const app = testApps[0];
  /** Page "ann" publishes with max-bundle (video bundle-only); "viewer" pulls with balanced. */
  let ann: Page;
  let viewer: Page;
  let annSession: string;
  let viewerSession: string;
  let viewerVideoMid: string;
  /** Where ann's PeerConnection receives bob's video. */
  let annPulledVideoMid: string;
  let bob: Page;
  let bobSession: string;
  /** Where bob's (balanced) PeerConnection receives ann's video and audio. */
  let bobPulledMids: { video: string; audio: string };

  beforeAll(async () => {
    harness = await startFirefoxHarness();
  });

  afterAll(() => harness?.close());

  const open = () => harness.open();

  /** Publishes camera and microphone of a page on pc `pc` (tracks "audio" and "video"). */
  const publishCamera = (page: Page, pc: string, bundlePolicy: RTCBundlePolicy) =>
    page.evaluate(
      async ({ pc, bundlePolicy }) => {
        const client = window.client;
        client.pc(pc, { bundlePolicy });
        const { body } = await client.publish(pc, await client.media(), ['audio', 'video']);
        return { ...body, offer: client.pcs[pc]!.localDescription!.sdp };
      },
      { pc, bundlePolicy },
    );

  const pull = (page: Page, pc: string, sessionId: string, tracks: unknown[]) =>
    page.evaluate(({ pc, sessionId, tracks }) => window.client.pull(pc, sessionId, tracks), { pc, sessionId, tracks });

  const newSession = (page: Page) => page.evaluate(async () => (await window.client.call('POST', '/sessions/new')).body.sessionId!);

  it('a max-bundle publisher (video offered bundle-only) is pulled by a balanced subscriber that decodes its video and receives its audio', async () => {
    ann = await open();
    const published = await publishCamera(ann, 'main', 'max-bundle');
    expect(published.offer).toMatch(/m=video 0 [^\r\n]+\r\n(a=[^\r\n]+\r\n|c=[^\r\n]+\r\n)*a=bundle-only/);
    expect(published.tracks!.map((t) => [t.mid, t.trackName, t.errorCode])).toEqual([
      ['0', 'audio', undefined],
      ['1', 'video', undefined],
    ]);
    annSession = published.sessionId!;

    viewer = await open();
    viewerSession = await newSession(viewer);
    await viewer.evaluate(() => window.client.pc('view', { bundlePolicy: 'balanced' }));
    const pulled = await pull(viewer, 'view', viewerSession, [
      { location: 'remote', sessionId: annSession, trackName: 'video' },
      { location: 'remote', sessionId: annSession, trackName: 'audio' },
    ]);
    expect(pulled.tracks!.every((t) => !t.errorCode)).toBe(true);
    viewerVideoMid = pulled.tracks![0]!.mid!;
    const video = await videoDecodes(viewer, 'view', viewerVideoMid);
    // Firefox starts below the camera's 640x480 and scales up with the bandwidth estimate.
    expect(video.frameWidth).toBeGreaterThan(0);
    const audio = (await receivedIn(viewer, 'view')).find((s) => s.kind === 'audio')!;
    expect(audio.packetsReceived).toBeGreaterThan(0);
  });

  it("two Firefox PeerConnections each publish and pull the other's camera on the same PeerConnection", async () => {
    bob = await open();
    const bobPublished = await publishCamera(bob, 'main', 'balanced');
    bobSession = bobPublished.sessionId!;
    expect(bobPublished.tracks!.every((t) => !t.errorCode)).toBe(true);
    const [toAnn, toBob] = await Promise.all([
      pull(ann, 'main', annSession, [
        { location: 'remote', sessionId: bobPublished.sessionId, trackName: 'video' },
        { location: 'remote', sessionId: bobPublished.sessionId, trackName: 'audio' },
      ]),
      pull(bob, 'main', bobPublished.sessionId!, [
        { location: 'remote', sessionId: annSession, trackName: 'video' },
        { location: 'remote', sessionId: annSession, trackName: 'audio' },
      ]),
    ]);
    expect([...toAnn.tracks!, ...toBob.tracks!].every((t) => !t.errorCode)).toBe(true);
    annPulledVideoMid = toAnn.tracks![0]!.mid!;
    expect((await videoDecodes(ann, 'main', annPulledVideoMid)).frameWidth).toBeGreaterThan(0);
    bobPulledMids = { video: toBob.tracks![0]!.mid!, audio: toBob.tracks![1]!.mid! };
    expect((await videoDecodes(bob, 'main', bobPulledMids.video)).frameWidth).toBeGreaterThan(0);
  });

  it('an ICE restart from Firefox gets fresh SFU credentials and the video keeps flowing', async () => {
    const restarted = await ann.evaluate(async (sessionId) => {
      const pc = window.client.pcs['main']!;
      const before = /a=ice-ufrag:(\S+)/.exec(pc.remoteDescription!.sdp)![1];
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      const { status, body } = await window.client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
      await pc.setRemoteDescription(body.sessionDescription!);
      return { status, before, after: /a=ice-ufrag:(\S+)/.exec(body.sessionDescription!.sdp!)![1] };
    }, annSession);
    expect(restarted.status).toBe(200);
    expect(restarted.after).not.toBe(restarted.before);
    await videoDecodes(viewer, 'view', viewerVideoMid);
  });

  it('balanced: an ICE restart and a negotiated close of a pulled track on a PeerConnection that also publishes', async () => {
    const result = await bob.evaluate(
      async ({ sessionId, audioMid }) => {
        const pc = window.client.pcs['main']!;
        await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
        const restart = await window.client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
        await pc.setRemoteDescription(restart.body.sessionDescription!);
        pc.getTransceivers().find((t) => t.mid === audioMid)!.stop();
        await pc.setLocalDescription(await pc.createOffer());
        const close = await window.client.call('PUT', `/sessions/${sessionId}/tracks/close`, {
          tracks: [{ mid: audioMid }],
          force: false,
          sessionDescription: pc.localDescription,
        });
        await pc.setRemoteDescription(close.body.sessionDescription!);
        const state = await window.client.call('GET', `/sessions/${sessionId}`);
        return { restart: restart.status, close: close.body.tracks, tracks: state.body['tracks'] as { mid: string; status: string }[] };
      },
      { sessionId: bobSession, audioMid: bobPulledMids.audio },
    );
    expect(result.restart).toBe(200);
    expect(result.close).toEqual([{ mid: bobPulledMids.audio }]);
    expect(result.tracks.find((t) => t.mid === bobPulledMids.audio)!.status).toBe('inactive');
    // Both directions of bob's PeerConnection still carry video.
    await videoDecodes(bob, 'main', bobPulledMids.video);
    await videoDecodes(ann, 'main', annPulledVideoMid);
  });

  it('Firefox stops the video transceiver and closes it (negotiated): the subscriber stops decoding it', async () => {
    const closed = await ann.evaluate(async (sessionId) => {
      const pc = window.client.pcs['main']!;
      pc.getTransceivers().find((t) => t.mid === '1')!.stop();
      await pc.setLocalDescription(await pc.createOffer());
      const { status, body } = await window.client.call('PUT', `/sessions/${sessionId}/tracks/close`, {
        tracks: [{ mid: '1' }],
        force: false,
        sessionDescription: pc.localDescription,
      });
      await pc.setRemoteDescription(body.sessionDescription!);
      return { status, tracks: body.tracks, signaling: pc.signalingState };
    }, annSession);
    expect(closed).toEqual({ status: 200, tracks: [{ mid: '1' }], signaling: 'stable' });
    expect(await videoStopped(viewer, 'view', viewerVideoMid)).toBe(true);
  });

  it('stopping the first m-line, which carries the BUNDLE transport, is refused with a clear error and the session lives on', async () => {
    const refused = await viewer.evaluate(async (sessionId) => {
      const pc = window.client.pcs['view']!;
      const first = pc.getTransceivers().find((t) => t.mid === '0')!;
      first.stop();
      await pc.setLocalDescription(await pc.createOffer());
      const { status, body } = await window.client.call('PUT', `/sessions/${sessionId}/tracks/close`, {
        tracks: [{ mid: '0' }],
        force: false,
        sessionDescription: pc.localDescription,
      });
      await pc.setLocalDescription({ type: 'rollback' });
      return { status, body };
    }, viewerSession);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'invalid_session_description', errorDescription: expect.stringMatching(/BUNDLE transport.*"inactive"/) });
    const session = await viewer.evaluate(async (id) => (await window.client.call('GET', `/sessions/${id}`)).body, viewerSession);
    // Unchanged: the video from ann is inactive since ann closed it, the audio still plays.
    expect((session['tracks'] as { mid: string; status: string }[]).map((t) => [t.mid, t.status])).toEqual([
      ['0', 'inactive'],
      ['1', 'active'],
    ]);
    // Audio keeps arriving. (The rollback may restart Firefox's receive stream, and its counters with
    // it, so compare two samples taken after each other until one pair shows growth.)
    const audioPackets = async () => (await receivedIn(viewer, 'view')).find((s) => s.kind === 'audio' && s.mid === '1')?.packetsReceived ?? 0;
    let grew = false;
    for (let attempt = 0; attempt < 10 && !grew; attempt++) {
      const before = await audioPackets();
      await new Promise((resolve) => setTimeout(resolve, 500));
      grew = (await audioPackets()) > before;
    }
    expect(grew).toBe(true);
  });

  it('the first m-line set inactive and closed (negotiated) keeps the BUNDLE transport: the pulled video plays on', async () => {
    const closed = await ann.evaluate(async (sessionId) => {
      const pc = window.client.pcs['main']!;
      pc.getTransceivers().find((t) => t.mid === '0')!.direction = 'inactive';
      await pc.setLocalDescription(await pc.createOffer());
      const { status, body } = await window.client.call('PUT', `/sessions/${sessionId}/tracks/close`, {
        tracks: [{ mid: '0' }],
        force: false,
        sessionDescription: pc.localDescription,
      });
      await pc.setRemoteDescription(body.sessionDescription!);
      return { status, tracks: body.tracks };
    }, annSession);
    expect(closed).toEqual({ status: 200, tracks: [{ mid: '0' }] });
    const session = await ann.evaluate(async (id) => (await window.client.call('GET', `/sessions/${id}`)).body, annSession);
    expect((session['tracks'] as { mid: string; status: string }[]).filter((t) => t.mid === '0' || t.mid === '1').map((t) => t.status)).toEqual([
      'inactive',
      'inactive',
    ]);
    await videoDecodes(ann, 'main', annPulledVideoMid);
  });

  it('Firefox simulcast (f;h;q, its own order and stream ids): preferredRid q gives the quarter layer, tracks/update to f a larger one', async () => {
    const carol = await open();
    const published = await carol.evaluate(async () => {
      const client = window.client;
      const pc = client.pc('sim', { bundlePolicy: 'max-bundle' });
      const stream = await client.media();
      const audio = pc.addTransceiver(stream.getAudioTracks()[0]!, { direction: 'sendonly' });
      const video = pc.addTransceiver(stream.getVideoTracks()[0]!, {
        direction: 'sendonly',
        sendEncodings: [{ rid: 'f' }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'q', scaleResolutionDownBy: 4 }],
      });
      const { body: session } = await client.call('POST', '/sessions/new');
      await pc.setLocalDescription(await pc.createOffer());
      const { body } = await client.call('POST', `/sessions/${session.sessionId}/tracks/new`, {
        sessionDescription: pc.localDescription,
        tracks: [
          { location: 'local', mid: audio.mid, trackName: 'mic' },
          { location: 'local', mid: video.mid, trackName: 'screen' },
        ],
      });
      await pc.setRemoteDescription(body.sessionDescription!);
      return { tracks: body.tracks, answer: body.sessionDescription!.sdp!, sessionId: session.sessionId! };
    });
    expect(published.tracks!.map((t) => t.errorCode)).toEqual([undefined, undefined]);
    expect(published.answer).toMatch(/a=simulcast:recv f;h;q/);

    const sessionId = await newSession(viewer);
    await viewer.evaluate(() => window.client.pc('simview', { bundlePolicy: 'max-bundle' }));
    const pulled = await pull(viewer, 'simview', sessionId, [
      { location: 'remote', sessionId: published.sessionId, trackName: 'screen', simulcast: { preferredRid: 'q' } },
    ]);
    const mid = pulled.tracks![0]!.mid!;
    const quarter = await videoUntil(viewer, 'simview', mid, (v) => v.framesDecoded > 5 && v.frameWidth > 0 && v.frameWidth <= 160);
    expect(quarter.frameWidth).toBeLessThanOrEqual(160);

    const updated = await viewer.evaluate(
      async ({ sessionId, mid, publisher }) => {
        const { status, body } = await window.client.call('PUT', `/sessions/${sessionId}/tracks/update`, {
          tracks: [{ location: 'remote', mid, sessionId: publisher, trackName: 'screen', simulcast: { preferredRid: 'f' } }],
        });
        return { status, errors: body.tracks?.map((t) => t.errorCode) };
      },
      { sessionId, mid, publisher: published.sessionId },
    );
    expect(updated).toEqual({ status: 200, errors: [undefined] });
    const full = await videoUntil(viewer, 'simview', mid, (v) => v.frameWidth > 160);
    expect(full.frameWidth).toBeGreaterThan(quarter.frameWidth);
  });

  it('VP9 from Firefox plays through the SFU; an AV1-only video gets a per-item error while its audio publishes', async () => {
    const dave = await open();
    const published = await dave.evaluate(async () => {
      const client = window.client;
      const publishWith = async (pc: RTCPeerConnection, videoCodec: RegExp) => {
        const stream = await client.media();
        const audio = pc.addTransceiver(stream.getAudioTracks()[0]!, { direction: 'sendonly' });
        const video = pc.addTransceiver(stream.getVideoTracks()[0]!, { direction: 'sendonly' });
        const codecs = RTCRtpSender.getCapabilities('video')!.codecs;
        video.setCodecPreferences([...codecs.filter((c) => videoCodec.test(c.mimeType)), ...codecs.filter((c) => /rtx/i.test(c.mimeType))]);
        const { body: session } = await client.call('POST', '/sessions/new');
        await pc.setLocalDescription(await pc.createOffer());
        const { body } = await client.call('POST', `/sessions/${session.sessionId}/tracks/new`, {
          sessionDescription: pc.localDescription,
          tracks: [
            { location: 'local', mid: audio.mid, trackName: 'mic' },
            { location: 'local', mid: video.mid, trackName: 'cam' },
          ],
        });
        await pc.setRemoteDescription(body.sessionDescription!);
        return { sessionId: session.sessionId!, tracks: body.tracks! };
      };
      return {
        vp9: await publishWith(client.pc('vp9', { bundlePolicy: 'max-bundle' }), /vp9/i),
        av1: await publishWith(client.pc('av1', { bundlePolicy: 'max-bundle' }), /av1/i),
      };
    });
    expect(published.vp9.tracks.map((t) => t.errorCode)).toEqual([undefined, undefined]);
    expect(published.av1.tracks[0]!.errorCode).toBeUndefined();
    expect(published.av1.tracks[1]).toMatchObject({
      mid: '1',
      errorCode: 'invalid_session_description',
      errorDescription: expect.stringMatching(/none of the offered codecs \(video\/AV1.*\) is supported by the SFU/),
    });

    const sessionId = await newSession(viewer);
    await viewer.evaluate(() => window.client.pc('vp9view', { bundlePolicy: 'max-bundle' }));
    const pulled = await pull(viewer, 'vp9view', sessionId, [{ location: 'remote', sessionId: published.vp9.sessionId, trackName: 'cam' }]);
    const video = await videoDecodes(viewer, 'vp9view', pulled.tracks![0]!.mid!);
    expect(video.codec).toBe('video/VP9');
  });

  it('a bidirectional transceiver (#trackName): Firefox publishes on it and plays the track pulled into it', async () => {
    const erin = await open();
    const erinSession = await newSession(erin);
    const mid = await erin.evaluate(async (sessionId) => {
      const client = window.client;
      const pc = client.pc('bi', { bundlePolicy: 'max-bundle' });
      const { body } = await client.call('POST', `/sessions/${sessionId}/tracks/new`, {
        tracks: [{ location: 'local', trackName: 'cam-bi', kind: 'video', bidirectionalMediaStream: true }],
      });
      await pc.setRemoteDescription(body.sessionDescription!);
      const transceiver = pc.getTransceivers().find((t) => t.mid === body.tracks![0]!.mid)!;
      transceiver.direction = 'sendrecv';
      await transceiver.sender.replaceTrack((await client.media()).getVideoTracks()[0]!);
      await pc.setLocalDescription(await pc.createAnswer());
      const renegotiated = await client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
      if (renegotiated.status !== 200) throw new Error(JSON.stringify(renegotiated.body));
      return transceiver.mid!;
    }, erinSession);

    // Bob's camera into Erin's transceiver; then the viewer pulls what Erin sends on it.
    const intoErin = await pull(erin, 'bi', erinSession, [{ location: 'remote', mid: '#cam-bi', sessionId: bobSession, trackName: 'video' }]);
    expect(intoErin.tracks).toEqual([{ location: 'remote', mid, sessionId: bobSession, trackName: 'video', kind: 'video' }]);
    expect(await erin.evaluate(() => window.client.pcs['bi']!.getTransceivers().length)).toBe(1);
    await videoDecodes(erin, 'bi', mid);

    const sessionId = await newSession(viewer);
    await viewer.evaluate(() => window.client.pc('biview', { bundlePolicy: 'max-bundle' }));
    const pulled = await pull(viewer, 'biview', sessionId, [{ location: 'remote', sessionId: erinSession, trackName: 'cam-bi' }]);
    await videoDecodes(viewer, 'biview', pulled.tracks![0]!.mid!);
  });

  it("a bidirectional transceiver from Firefox's own offer cannot carry a pulled VP8 (Firefox numbers it 120, mediasoup sends 96): a per-item error", async () => {
    const result = await bob.evaluate(async (bobSession) => {
      const client = window.client;
      const pc = client.pc('bi-offer', { bundlePolicy: 'max-bundle' });
      const transceiver = pc.addTransceiver((await client.media()).getVideoTracks()[0]!, { direction: 'sendrecv' });
      const { body: session } = await client.call('POST', '/sessions/new');
      await pc.setLocalDescription(await pc.createOffer());
      const { body: pushed } = await client.call('POST', `/sessions/${session.sessionId}/tracks/new`, {
        sessionDescription: pc.localDescription,
        tracks: [{ location: 'local', mid: transceiver.mid, trackName: 'cam-offer', bidirectionalMediaStream: true }],
      });
      await pc.setRemoteDescription(pushed.sessionDescription!);
      const { body } = await client.call('POST', `/sessions/${session.sessionId}/tracks/new`, {
        tracks: [{ location: 'remote', mid: '#cam-offer', sessionId: bobSession, trackName: 'video' }],
      });
      return { published: pushed.tracks![0]!.errorCode, pulled: body.tracks![0]! };
    }, bobSession);
    expect(result.published).toBeUndefined();
    expect(result.pulled).toMatchObject({
      errorCode: 'invalid_session_description',
      errorDescription: expect.stringMatching(/negotiated no video\/VP8 at payload type 96/),
    });
  });

  it("WHEP style: Firefox's own recvonly offer numbers VP8 and Opus unlike the SFU: each pull gets a clear per-item error, never a black video", async () => {
    const sessionId = await newSession(viewer);
    const tracks = await viewer.evaluate(
      async ({ sessionId, bobSession }) => {
        const pc = window.client.pc('whep', { bundlePolicy: 'max-bundle' });
        pc.addTransceiver('audio', { direction: 'recvonly' });
        pc.addTransceiver('video', { direction: 'recvonly' });
        await pc.setLocalDescription(await pc.createOffer());
        const { body } = await window.client.call('POST', `/sessions/${sessionId}/tracks/new`, {
          sessionDescription: pc.localDescription,
          tracks: [
            { location: 'remote', sessionId: bobSession, trackName: 'audio' },
            { location: 'remote', sessionId: bobSession, trackName: 'video' },
          ],
        });
        await pc.setRemoteDescription(body.sessionDescription!);
        return body.tracks!;
      },
      { sessionId, bobSession },
    );
    expect(tracks).toMatchObject([
      { mid: '0', errorCode: 'invalid_session_description', errorDescription: expect.stringMatching(/offers audio\/opus at payload type 109, but the SFU sends .* at payload type 111/) },
      { mid: '1', errorCode: 'invalid_session_description', errorDescription: expect.stringMatching(/offers video\/VP8 at payload type 120, but the SFU sends .* at payload type 96/) },
    ]);
  });

  it('the loopback example page publishes its camera and plays it back in Firefox', async () => {
    const page = await harness.browser.newPage();
    await page.goto(`${harness.sfu.url}/loopback.html#app=${app.id}&secret=${app.secret}&autostart=1`);
    await page.waitForFunction(() => (document.getElementById('remote') as HTMLVideoElement).videoWidth > 0, { timeout: 20_000 });
    // The page's pulling PeerConnection decodes new frames (the element's own counters stay at 0 headless).
    const advancing = await page.evaluate(async () => {
      const { pc } = (window as unknown as { sfuExample: { subscriber: { pc: RTCPeerConnection } } }).sfuExample.subscriber;
      const frames = async () => {
        let decoded = 0;
        (await pc.getStats()).forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') decoded += r.framesDecoded ?? 0;
        });
        return decoded;
      };
      const before = await frames();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return (await frames()) - before;
    });
    expect(advancing).toBeGreaterThan(5);
  });
});
