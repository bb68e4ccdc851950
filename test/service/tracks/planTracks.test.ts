import { describe, expect, it } from 'vitest';
import { planTracks } from '../../../src/service/tracks/planTracks.js';

describe('planning the items of tracks/new', () => {
  it('gives each item one typed step, with the fields it needs checked', () => {
    const withOffer = planTracks(
      [
        { location: 'local', mid: '0', trackName: 'mic' },
        { location: 'local', mid: '1', trackName: 'cam', bidirectionalMediaStream: true },
        { location: 'remote', sessionId: 's', trackName: 'cam' },
        { location: 'remote', sessionId: 's', trackName: 'cam', mid: '2', simulcast: { preferredRid: 'h' } },
      ],
      true,
    );
    expect(withOffer.map((p) => p.step)).toEqual(['publish', 'publish', 'pull', 'pullInto']);
    expect(withOffer[1]).toMatchObject({ claim: { mid: '1', trackName: 'cam', bidirectional: true } });
    expect(withOffer[3]).toMatchObject({ mid: '2', target: { sessionId: 's', trackName: 'cam', simulcast: { preferredRid: 'h' } } });

    const withoutOffer = planTracks([{ location: 'local', trackName: 'cam', kind: 'video' }, { location: 'remote', sessionId: 's', trackName: 'cam', mid: '#mine' }], false);
    expect(withoutOffer).toMatchObject([{ step: 'publishByOffer', claim: { trackName: 'cam', kind: 'video' } }, { step: 'pullInto', mid: '#mine' }]);
  });

  it('marks what cannot be done as invalid, saying why', () => {
    const plan = planTracks(
      [
        { location: 'local', mid: '0' },
        { location: 'local', trackName: 'cam' },
        { location: 'remote', trackName: 'cam' },
      ],
      true,
    );
    expect(plan.map((p) => (p.step === 'invalid' ? p.problem : p.step))).toEqual([
      'a local track needs a trackName',
      'a local track needs the mid of its m-section in the offer',
      'a remote track needs the publisher sessionId and trackName',
    ]);
    const noKind = planTracks([{ location: 'local', trackName: 'cam' }], false);
    expect(noKind[0]).toMatchObject({ step: 'invalid', problem: expect.stringMatching(/needs its kind/) });
  });
});
