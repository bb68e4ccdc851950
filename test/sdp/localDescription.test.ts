import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import { NegotiatedIds, parseRemoteDescription, publishedSection, writeLocalDescription, type LocalTransport } from '../../src/sdp/index.js';
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
  it('reuses the client payload types and never gives one number two codecs', () => {
    const ids = new NegotiatedIds();
    ids.learn(parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('chromium-sendonly-audio-video.sdp') }));
    const caps = ids.capabilitiesFor(routerCapabilities);
    const vp8 = caps.codecs!.find((c) => c.mimeType === 'video/VP8')!;
    expect(vp8.preferredPayloadType).toBe(96); // Chromium's VP8
    const numbers = caps.codecs!.map((c) => c.preferredPayloadType);
    expect(new Set(numbers).size).toBe(numbers.length);
    const rtx = caps.codecs!.filter((c) => c.mimeType === 'video/rtx');
    for (const r of rtx) expect(numbers).toContain(r.parameters!['apt']);
  });

  it('keeps fresh numbers away from those the client used for something else', () => {
    const ids = new NegotiatedIds();
    const remote = parseRemoteDescription({ type: 'offer', sdp: loadSdpFixture('werift-sendonly-audio-video.sdp') });
    ids.learn(remote);
    const used = new Map(remote.sections.flatMap((s) => s.codecs.map((c) => [c.payloadType, c.mimeType.toLowerCase()] as const)));
    for (const codec of ids.capabilitiesFor(routerCapabilities).codecs!) {
      const clientMime = used.get(codec.preferredPayloadType!);
      if (clientMime) expect(clientMime).toBe(codec.mimeType.toLowerCase());
    }
  });
});
