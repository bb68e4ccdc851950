import { describe, expect, it } from 'vitest';
import { parseRemoteDescription, publishedSection, SdpError } from '../../src/sdp/index.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';
import { routerCapabilities } from './routerCapabilities.js';

const offer = (name: string, edit: (sdp: string) => string = (sdp) => sdp) =>
  parseRemoteDescription({ type: 'offer', sdp: edit(loadSdpFixture(name)) });

describe('Firefox offers', () => {
  it('max-bundle: the bundle-only video section (port 0) is live and publishes VP8 with its RTX and SSRCs', () => {
    const remote = offer('firefox-sendonly-audio-video-max-bundle.sdp');
    const [audio, video] = remote.sections;
    expect([audio!.bundleOnly, video!.bundleOnly]).toEqual([false, true]);
    expect(video!.rejected).toBe(false);
    const published = publishedSection(video!, routerCapabilities);
    expect(published.rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([
      ['video/VP8', 120],
      ['video/rtx', 124],
    ]);
    expect(published.rtpParameters.encodings).toEqual([{ ssrc: expect.any(Number), rtx: { ssrc: expect.any(Number) } }]);
    // Firefox puts MID at 3, mediasoup writes it at 1: demux by SSRC instead (see publishedSection).
    expect(published.rtpParameters.headerExtensions!.map((e) => e.uri)).not.toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
    expect(publishedSection(audio!, routerCapabilities).rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([['audio/opus', 109]]);
  });

  it('balanced: every section has a port of its own and none is bundle-only', () => {
    const remote = offer('firefox-sendonly-audio-video.sdp');
    expect(remote.sections.map((s) => [s.rejected, s.bundleOnly])).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it('a port-0 bundle-only section outside the BUNDLE group is stopped after all', () => {
    const remote = offer('firefox-sendonly-audio-video-max-bundle.sdp', (sdp) => sdp.replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0'));
    expect(remote.sections[1]!.rejected).toBe(true);
    expect(() => publishedSection(remote.sections[1]!, routerCapabilities)).toThrow(SdpError);
  });

  it('offers VP9 (profile 0, no profile-id) and AV1 but no H264 without the OpenH264 download', () => {
    const video = offer('firefox-sendonly-audio-video-max-bundle.sdp').sections[1]!;
    expect(video.codecs.some((c) => /h264/i.test(c.mimeType))).toBe(false);
    video.codecs = video.codecs.filter((c) => /vp9|rtx/i.test(c.mimeType));
    const published = publishedSection(video, routerCapabilities);
    expect(published.rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([
      ['video/VP9', 121],
      ['video/rtx', 125],
    ]);
  });

  it('simulcast as Firefox writes it (f;h;q, high to low, plus SSRCs): layers lowest first, the answer echoes its order', () => {
    const video = offer('firefox-sendonly-simulcast.sdp').sections[1]!;
    expect(video.bundleOnly).toBe(true);
    const published = publishedSection(video, routerCapabilities);
    expect(published.rids).toEqual(['q', 'h', 'f']);
    expect(published.rtpParameters.encodings).toEqual([{ rid: 'q' }, { rid: 'h' }, { rid: 'f' }]);
    expect(published.answer.rids).toEqual(['f', 'h', 'q']);
    const uris = published.rtpParameters.headerExtensions!.map((e) => e.uri);
    expect(uris).toContain('urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id');
    expect(uris).toContain('urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id');
  });

  it('a data channel offer: one application section with its SCTP port', () => {
    const remote = offer('firefox-datachannel.sdp');
    expect(remote.sections.map((s) => [s.kind, s.rejected])).toEqual([['application', false]]);
    expect(remote.sections[0]!.sctp).toEqual({ port: 5000, maxMessageSize: expect.any(Number) });
    const mixed = offer('firefox-sendrecv-audio-video-data.sdp');
    expect(mixed.sections.map((s) => [s.kind, s.rejected, s.bundleOnly])).toEqual([
      ['audio', false, false],
      ['video', false, true],
      ['application', false, true],
    ]);
  });

  it('a receive-only offer (WHEP style) with max-bundle keeps both sections live', () => {
    const remote = offer('firefox-recvonly-audio-video.sdp');
    expect(remote.sections.map((s) => [s.kind, s.direction, s.rejected])).toEqual([
      ['audio', 'recvonly', false],
      ['video', 'recvonly', false],
    ]);
  });

  it('re-offers: the first offer is bundle-only, a stopped transceiver is port 0 without bundle-only', () => {
    expect(offer('firefox-reoffer-before-stop.sdp').sections.map((s) => s.bundleOnly)).toEqual([false, true]);
    const stoppedVideo = offer('firefox-reoffer-after-stop-negotiated.sdp');
    expect(stoppedVideo.sections.map((s) => [s.mid, s.rejected])).toEqual([
      ['0', false],
      ['1', true],
    ]);
  });

  it('a re-offer with the first m-line stopped takes ICE from the section that now leads the BUNDLE', () => {
    const remote = offer('firefox-reoffer-after-stop-first-negotiated.sdp');
    expect(remote.sections.map((s) => [s.mid, s.rejected])).toEqual([
      ['0', true],
      ['1', false],
    ]);
    expect(remote.iceUfrag).toMatch(/\S+/);
    expect(publishedSection(remote.sections[1]!, routerCapabilities).rtpParameters.codecs[0]!.mimeType).toBe('video/VP8');
  });

  it("Firefox's answer to the SFU's pull offer accepts both sections receive-only", () => {
    const answer = parseRemoteDescription({ type: 'answer', sdp: loadSdpFixture('firefox-answer-pull-audio-video.sdp') });
    const sfuOffer = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('sfu-pull-offer-to-firefox.sdp') });
    expect(answer.sections.map((s) => s.mid)).toEqual(sfuOffer.sections.map((s) => s.mid));
    expect(answer.sections.map((s) => [s.direction, s.rejected])).toEqual([
      ['recvonly', false],
      ['recvonly', false],
    ]);
    expect(answer.dtls.setup).toBe('active');
  });

  it('a re-offer of a PeerConnection that publishes and pulls: every section after the first is bundle-only and live again', () => {
    const remote = offer('firefox-reoffer-publish-and-pull.sdp');
    expect(remote.sections.map((s) => [s.mid, s.direction, s.bundleOnly, s.rejected])).toEqual([
      ['0', 'sendonly', false, false],
      ['1', 'sendonly', true, false],
      ['2', 'recvonly', true, false],
      ['3', 'recvonly', true, false],
    ]);
    // The pulled video keeps the SFU's numbers first (VP8 96, RTX 104), as negotiated.
    expect(remote.sections[3]!.codecs.slice(0, 2).map((c) => [c.mimeType, c.payloadType])).toEqual([
      ['video/VP8', 96],
      ['video/rtx', 104],
    ]);
  });

  it("Firefox's answer to a pull into a PeerConnection that already publishes gives the new sections a port", () => {
    const answer = parseRemoteDescription({ type: 'answer', sdp: loadSdpFixture('firefox-answer-pull-into-publishing-pc.sdp') });
    expect(answer.sections.map((s) => [s.mid, s.direction, s.rejected])).toEqual([
      ['0', 'sendonly', false],
      ['1', 'sendonly', false],
      ['2', 'recvonly', false],
      ['3', 'recvonly', false],
    ]);
  });
});
