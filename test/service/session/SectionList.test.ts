import { describe, expect, it } from 'vitest';
import { parseRemoteDescription, type LocalSection } from '../../../src/sdp/index.js';
import { SfuError } from '../../../src/service/errors.js';
import { SectionList } from '../../../src/service/session/SectionList.js';
import type { Section } from '../../../src/service/session/sections.js';
import { loadSdpFixture } from '../../fixtures/sdp/index.js';

/** The m-line rules, on a section list alone: no transport, no media. */
const inactive = (mid: string): LocalSection => ({ type: 'inactive', mid, kind: 'audio', codecs: [], headerExtensions: [] });
const idle = (mid: string): Section => ({ role: 'idle', mid, local: inactive(mid) });
const closed = (mid: string): Section => ({ role: 'closed', mid, local: { type: 'closed', mid, kind: 'audio', payloadTypes: [] } });

const chromium = loadSdpFixture('chromium-sendonly-audio-video.sdp');
/** Chromium's offer (mids 0 and 1), as is or with edits to its text. */
const offer = (edit: (sdp: string) => string = (sdp) => sdp) => parseRemoteDescription({ type: 'offer', sdp: edit(chromium) });
const answer = () => parseRemoteDescription({ type: 'answer', sdp: chromium.replace('a=setup:actpass', 'a=setup:active') });

function listOf(...sections: Section[]): SectionList {
  const list = new SectionList(8);
  for (const section of sections) list.append(section);
  return list;
}

const messageOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe("a session's m-sections", () => {
  it('accept an offer that keeps every m-line in place', () => {
    expect(messageOf(() => listOf(idle('0'), idle('1')).checkOffer(offer()))).toBeUndefined();
  });

  it('refuse an offer with fewer m-lines than the session has', () => {
    expect(messageOf(() => listOf(idle('0'), idle('1'), idle('2')).checkOffer(offer()))).toMatch(/the offer has 2 m-sections, the session already has 3/);
  });

  it('refuse an offer that moves a live m-line, and allow recycling a stopped one', () => {
    const moved = offer((sdp) => sdp.replace('a=mid:1', 'a=mid:7').replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0 7'));
    expect(messageOf(() => listOf(idle('0'), idle('1')).checkOffer(moved))).toMatch(/m-section 1 is mid 1 in this session, the offer has mid 7/);
    expect(messageOf(() => listOf(idle('0'), closed('1')).checkOffer(moved))).toBeUndefined();
  });

  it('refuse an offer that stops the m-line carrying the BUNDLE transport while others stay', () => {
    const stopsFirst = offer((sdp) => sdp.replace(/m=audio \d+/, 'm=audio 0').replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 1'));
    let error: unknown;
    try {
      listOf(idle('0'), idle('1')).checkOffer(stopsFirst);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SfuError);
    expect((error as SfuError).code).toBe('invalid_session_description');
    expect((error as SfuError).message).toMatch(/stops mid 0, which carries the BUNDLE transport/);
  });

  it('hold one SFU offer at a time: a client offer waits for its answer, and an answer needs an offer', () => {
    const list = listOf(idle('0'), idle('1'));
    expect(messageOf(() => list.checkAnswer(answer()))).toMatch(/no SFU offer is waiting/);
    list.offered();
    expect(list.awaitingAnswer).toBe(true);
    expect(messageOf(() => list.assertNoPendingOffer())).toMatch(/still waiting for its answer/);
    expect(messageOf(() => list.checkAnswer(answer()))).toBeUndefined();
    list.answered();
    expect(list.awaitingAnswer).toBe(false);
    expect(messageOf(() => list.assertNoPendingOffer())).toBeUndefined();
  });

  it('refuse an answer that does not match the offer section for section', () => {
    const list = listOf(idle('0'), idle('1'), idle('2'));
    list.offered();
    expect(messageOf(() => list.checkAnswer(answer()))).toMatch(/the answer has 2 m-sections, the SFU offer had 3/);
    const swapped = listOf(idle('1'), idle('0'));
    swapped.offered();
    expect(messageOf(() => swapped.checkAnswer(answer()))).toMatch(/m-section 0 of the answer has mid 0, the offer had 1/);
  });

  it('refuse an offer, or a new m-line, past the session\'s limit of m-sections in use; stopped ones do not count', () => {
    expect(messageOf(() => new SectionList(1).checkOffer(offer()))).toMatch(/at most 1 m-sections that are not stopped; this would make 2/);
    const stopsOne = offer((sdp) => sdp.replace(/m=video \d+/, 'm=video 0').replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0'));
    expect(messageOf(() => new SectionList(1).checkOffer(stopsOne))).toBeUndefined();
    const one = new SectionList(1);
    one.append(idle('0'));
    expect(messageOf(() => one.append(idle('1')))).toMatch(/at most 1 m-sections/);
    const recycled = new SectionList(1);
    recycled.append(closed('0'));
    recycled.append(closed('1'));
    expect(messageOf(() => recycled.append(idle('2')))).toBeUndefined();
  });

  it('replace a section in place, never reordering', () => {
    const list = listOf(idle('0'), idle('1'));
    list.replace('0', closed('0'));
    expect(list.all.map((s) => `${s.mid}:${s.role}`)).toEqual(['0:closed', '1:idle']);
    expect(() => list.replace('9', closed('9'))).toThrow(/no m-section has mid 9/);
  });
});
