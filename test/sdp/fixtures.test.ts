import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import {
  findPayloadTypeCollision,
  parseRemoteDescription,
  publishedSection,
  writeLocalDescription,
  type LocalTransport,
  type RemoteDescription,
} from '../../src/sdp/index.js';
import { loadSdpFixture } from '../fixtures/sdp/index.js';
import { routerCapabilities } from './routerCapabilities.js';

/** Every captured SDP: offers of the clients, their answers to SFU offers, and the SFU offers. */
const fixtures = readdirSync(new URL('../fixtures/sdp/', import.meta.url)).filter((name) => name.endsWith('.sdp'));
const typeOf = (name: string) => (name.includes('-answer-') ? 'answer' : 'offer');
const read = (name: string): RemoteDescription => parseRemoteDescription({ type: typeOf(name), sdp: loadSdpFixture(name) });
const clientFixtures = fixtures.filter((name) => !name.startsWith('sfu-'));

const transport: LocalTransport = {
  iceParameters: { usernameFragment: 'sfuufrag', password: 'sfupassword0123456789', iceLite: true },
  iceCandidates: [{ foundation: 'udpcandidate', priority: 1076302079, ip: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host', tcpType: 'passive' }],
  fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }],
  setup: 'passive',
};

describe('every captured SDP (Chromium, Firefox, wrtc, werift)', () => {
  it('covers all four stacks', () => {
    for (const stack of ['chromium-', 'firefox-', 'wrtc-', 'werift-']) {
      expect(fixtures.some((name) => name.startsWith(stack))).toBe(true);
    }
  });

  it.each(clientFixtures)('%s: ICE, DTLS, a mid on every section, and the BUNDLE group lives', (name) => {
    const remote = read(name);
    expect(remote.iceUfrag).toMatch(/\S+/);
    expect(remote.dtls.fingerprints[0]!.algorithm).toBe('sha-256');
    expect(remote.sections.length).toBeGreaterThan(0);
    // Whatever the bundle policy, the first BUNDLE member is live.
    const bundle = sdpTransform.parse(loadSdpFixture(name)).groups?.find((g) => g.type === 'BUNDLE');
    const tagged = String(bundle?.mids ?? '').split(' ')[0];
    if (tagged) expect(remote.sections.find((s) => s.mid === tagged)!.rejected).toBe(false);
  });

  it.each(clientFixtures.filter((name) => typeOf(name) === 'offer'))(
    '%s: every live section that sends can be published, and the answer keeps one BUNDLE without payload-type clashes',
    (name) => {
      const remote = read(name);
      const sending = remote.sections.filter(
        (s) => s.kind !== 'application' && !s.rejected && (s.direction === 'sendonly' || s.direction === 'sendrecv'),
      );
      const answers = sending.map((s) => publishedSection(s, routerCapabilities).answer);
      for (const answer of answers) expect(answer.codecs[0]!.mimeType).toMatch(/^(audio\/opus|video\/VP8)$/i);
      expect(findPayloadTypeCollision(answers)).toBeUndefined();
      if (answers.length === 0) return;
      const sdp = sdpTransform.parse(writeLocalDescription({ sessionVersionId: '1', version: 1, transport, sections: answers }));
      expect(sdp.groups?.map((g) => `${g.type} ${g.mids}`)).toEqual([`BUNDLE ${sending.map((s) => s.mid).join(' ')}`]);
      for (const media of sdp.media) expect(media.port).not.toBe(0);
    },
  );
});
