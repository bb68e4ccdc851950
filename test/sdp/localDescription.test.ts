import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import { findPayloadTypeCollision, parseRemoteDescription, publishedSection, writeLocalDescription, type LocalTransport } from '../../src/sdp/index.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';
import { routerCapabilities } from './routerCapabilities.js';

const transport: LocalTransport = {
  iceParameters: { usernameFragment: 'sfuufrag', password: 'sfupassword0123456789', iceLite: true },
  iceCandidates: [{ foundation: 'udpcandidate', priority: 1076302079, ip: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host', tcpType: 'passive' }],
  fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }],
  setup: 'passive',
};

describe('writing the SFU side', () => {
  it('answers a publish offer: ice-lite, BUNDLE, recvonly with the chosen codec and rids', () => {
    const remote = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('chromium-sendonly-simulcast.sdp') });
    const sections = remote.sections.map((s) => publishedSection(s, routerCapabilities).answer);
    const sdp = writeLocalDescription({ sessionVersionId: '1', version: 1, transport, sections });
    const parsed = sdpTransform.parse(sdp);
    expect(parsed.icelite).toBe('ice-lite');
    expect(parsed.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    const video = parsed.media[1]!;
    expect(video.direction).toBe('recvonly');
    expect(video.setup).toBe('passive');
    expect(video.rids?.map((r) => `${r.id} ${r.direction}`)).toEqual(['a recv', 'b recv', 'c recv']);
    expect(video.simulcast).toMatchObject({ dir1: 'recv', list1: 'a;b;c' });
    expect(video.candidates?.[0]).toMatchObject({ ip: '127.0.0.1', port: 40000 });
  });

  it('leaves stopped sections out of BUNDLE with port 0', () => {
    const sdp = writeLocalDescription({
      sessionVersionId: '1',
      version: 2,
      transport,
      sections: [{ type: 'closed', mid: '0', kind: 'audio', payloadTypes: [111] }, { type: 'data', mid: '1', sctpPort: 5000, maxMessageSize: 262144 }],
    });
    const parsed = sdpTransform.parse(sdp);
    expect(parsed.media[0]!.port).toBe(0);
    expect(parsed.groups?.map((g) => `${g.type} ${g.mids}`)).toEqual(['BUNDLE 1']);
    expect(parsed.media[1]!.sctpPort).toBe(5000);
  });
});

describe('payload types across one BUNDLE', () => {
  it("keeps a Chromium publisher's negotiated numbers clear of every router codec", () => {
    const remote = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') });
    const published = remote.sections.map((s) => publishedSection(s, routerCapabilities).answer);
    const routerSections = routerCapabilities.codecs!
      .filter((c) => !c.mimeType.endsWith('/rtx'))
      .map((codec, i) => ({
        type: 'send' as const,
        mid: `r${i}`,
        kind: codec.kind,
        msid: { streamId: 's', trackId: 't' },
        rtpParameters: {
          codecs: routerCapabilities.codecs!
            .filter((c) => c === codec || c.parameters?.['apt'] === codec.preferredPayloadType)
            .map((c) => ({ mimeType: c.mimeType, payloadType: c.preferredPayloadType!, clockRate: c.clockRate, channels: c.channels, parameters: c.parameters ?? {} })),
        },
      }));
    expect(findPayloadTypeCollision([...published, ...routerSections])).toBeUndefined();
  });

  it('finds one number used for two codecs', () => {
    const collision = findPayloadTypeCollision([
      { type: 'inactive', mid: '0', kind: 'video', codecs: [{ mimeType: 'video/VP8', payloadType: 100, clockRate: 90000 }], headerExtensions: [] },
      { type: 'inactive', mid: '1', kind: 'video', codecs: [{ mimeType: 'video/VP9', payloadType: 100, clockRate: 90000 }], headerExtensions: [] },
    ]);
    expect(collision).toEqual({ payloadType: 100, mids: ['0', '1'], codecs: ['video/VP8', 'video/VP9'] });
  });
});
