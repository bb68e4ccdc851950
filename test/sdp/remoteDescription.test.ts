import { describe, expect, it } from 'vitest';
import { parseRemoteDescription, publishedSection, SdpError } from '../../src/sdp/index.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';
import { routerCapabilities } from './routerCapabilities.js';

const offer = (name: string) => parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture(name) });

describe('reading client offers', () => {
  it('reads ICE, DTLS and every m-section of a Chromium offer', () => {
    const remote = offer('chromium-sendonly-audio-video.sdp');
    expect(remote.iceUfrag).toMatch(/\S+/);
    expect(remote.dtls.setup).toBe('actpass');
    expect(remote.dtls.fingerprints[0]!.algorithm).toBe('sha-256');
    expect(remote.sections.map((s) => [s.mid, s.kind, s.direction])).toEqual([
      ['0', 'audio', 'sendonly'],
      ['1', 'video', 'sendonly'],
    ]);
  });

  it('turns a sent video section into producer parameters: VP8 first, its RTX, SSRC pair and known extensions', () => {
    const video = offer('chromium-sendonly-audio-video.sdp').sections[1]!;
    const published = publishedSection(video, routerCapabilities);
    const [codec, rtx] = published.rtpParameters.codecs;
    expect(codec!.mimeType).toBe('video/VP8');
    expect(rtx!.mimeType).toBe('video/rtx');
    expect(rtx!.parameters['apt']).toBe(codec!.payloadType);
    expect(codec!.rtcpFeedback!.map((fb) => `${fb.type} ${fb.parameter}`.trim())).toEqual(
      expect.arrayContaining(['nack', 'nack pli', 'ccm fir', 'goog-remb', 'transport-cc']),
    );
    expect(published.rtpParameters.encodings).toEqual([{ ssrc: expect.any(Number), rtx: { ssrc: expect.any(Number) } }]);
    const uris = published.rtpParameters.headerExtensions!.map((e) => e.uri);
    expect(uris).toContain('http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01');
    expect(uris).not.toContain('http://www.webrtc.org/experiments/rtp-hdrext/playout-delay');
    expect(uris).toContain('http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time');
    // Chromium put MID at 4, where mediasoup writes abs-send-time into forwarded packets.
    expect(uris).not.toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
  });

  it("accepts MID when the client's id is mediasoup's", () => {
    const sdp = loadSdpFixture('chromium-sendonly-audio-video.sdp')
      .replace(/a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level/g, 'a=extmap:9 urn:ietf:params:rtp-hdrext:ssrc-audio-level')
      .replace(/a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid/g, 'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid');
    const audio = parseRemoteDescription({ type: 'offer', sdp }).sections[0]!;
    const ids = publishedSection(audio, routerCapabilities).rtpParameters.headerExtensions!.map((e) => `${e.id} ${e.uri}`);
    expect(ids).toContain('1 urn:ietf:params:rtp-hdrext:sdes:mid');
  });

  it('reads Opus with the audio-level extension', () => {
    const audio = offer('wrtc-sendonly-audio-video.sdp').sections[0]!;
    const published = publishedSection(audio, routerCapabilities);
    expect(published.rtpParameters.codecs.map((c) => c.mimeType)).toEqual(['audio/opus']);
    expect(published.rtpParameters.headerExtensions!.map((e) => e.uri)).toContain('urn:ietf:params:rtp-hdrext:ssrc-audio-level');
  });

  it('reads rid-based simulcast as layers ranked asciibetically (a best), and answers with the recv rids as offered', () => {
    for (const name of ['chromium-sendonly-simulcast.sdp', 'wrtc-sendonly-simulcast.sdp']) {
      const video = offer(name).sections.find((s) => s.kind === 'video')!;
      const published = publishedSection(video, routerCapabilities);
      expect(published.rids).toEqual(['c', 'b', 'a']);
      expect(published.rtpParameters.encodings).toEqual([{ rid: 'c' }, { rid: 'b' }, { rid: 'a' }]);
      expect(published.answer.rids).toEqual(['a', 'b', 'c']);
      expect(published.rtpParameters.headerExtensions!.map((e) => e.uri)).toContain('urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id');
    }
  });

  it('accepts werift: upper-case codec names, no extmap lines', () => {
    const remote = offer('werift-sendonly-audio-video.sdp');
    const [audio, video] = remote.sections.map((s) => publishedSection(s, routerCapabilities));
    expect(audio!.rtpParameters.codecs[0]!.mimeType.toLowerCase()).toBe('audio/opus');
    expect(video!.rtpParameters.codecs[0]!.mimeType).toBe('video/VP8');
  });

  it('matches H264 by packetization-mode and profile', () => {
    const sdp = loadSdpFixture('chromium-sendonly-audio-video.sdp');
    // Keep only H264 payloads in the video m-line, as a client preferring H264 would offer.
    const remote = parseRemoteDescription({ type: 'offer', sdp });
    const video = remote.sections[1]!;
    video.codecs = video.codecs.filter((c) => /h264|rtx/i.test(c.mimeType));
    const published = publishedSection(video, routerCapabilities);
    const h264 = published.rtpParameters.codecs[0]!;
    expect(h264.mimeType).toBe('video/H264');
    expect(h264.parameters['packetization-mode']).toBe(1);
  });

  it('sees stopped sections in a re-offer', () => {
    const remote = offer('chromium-reoffer-after-stop.sdp');
    expect(remote.sections[1]!.rejected).toBe(true);
  });

  it.each([
    ['not an object', 'hello'],
    ['wrong type', { type: 'pranswer', sdp: 'v=0' }],
    ['empty sdp', { type: 'offer', sdp: '' }],
    ['garbage', { type: 'offer', sdp: 'this is not sdp' }],
    ['no media', { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n' }],
    ['no fingerprint', { type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp').replace(/a=fingerprint:.*\r\n/g, '') }],
    ['no mid', { type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp').replace(/a=mid:.*\r\n/g, '') }],
  ])('refuses %s with an SdpError', (_, description) => {
    expect(() => parseRemoteDescription(description)).toThrow(SdpError);
  });

  it('refuses to publish a section whose codecs the SFU lacks', () => {
    const audio = offer('chromium-sendonly-audio-video.sdp').sections[0]!;
    audio.codecs = audio.codecs.filter((c) => !/opus|red/i.test(c.mimeType));
    expect(() => publishedSection(audio, routerCapabilities)).toThrow(/none of the offered codecs/);
  });

  it('refuses header extension ids outside 1-255 and SSRCs that are not 32-bit numbers', () => {
    const sdp = loadSdpFixture('chromium-sendonly-audio-video.sdp');
    for (const bad of ['0', '256', '99999999999']) {
      const edited = sdp.replace(/a=extmap:1 /, `a=extmap:${bad} `);
      expect(() => parseRemoteDescription({ type: 'offer', sdp: edited }), bad).toThrow(SdpError);
    }
    const hugeSsrc = sdp.replaceAll('4106993676', '99999999999');
    expect(() => parseRemoteDescription({ type: 'offer', sdp: hugeSsrc })).toThrow(/SSRC 99999999999 that is not a 32-bit number/);
  });
});
