import { SdpError, type LocalSection, type RemoteDescription } from '../../sdp/index.js';
import { SfuError } from '../errors.js';
import { localSectionOf, type Section } from './sections.js';

/**
 * A session's m-sections in m-line order, and whether an SFU offer of them awaits its answer. The
 * rules of the m-line order live here: a client's offer keeps every section in place (a stopped
 * one may be recycled) and never stops the one carrying the BUNDLE transport; an answer matches
 * the offer section for section; one SFU offer at a time. Only its Session holds one.
 */
export class SectionList {
  #sections: Section[] = [];
  #awaitingAnswer = false;

  /**
   * @param maxSections how many m-lines the session may have that are not stopped. Stopped ones
   * hold almost nothing and accumulate in a long session (the SFU's offers add m-lines, browsers
   * keep stopped ones), so they do not count.
   */
  constructor(readonly maxSections: number) {}

  /** The m-lines that are not stopped. */
  get openCount(): number {
    return this.#sections.filter((s) => s.role !== 'closed').length;
  }

  get all(): readonly Section[] {
    return this.#sections;
  }

  get length(): number {
    return this.#sections.length;
  }

  /** The SFU sent an offer and waits for the client's answer through renegotiate. */
  get awaitingAnswer(): boolean {
    return this.#awaitingAnswer;
  }

  byMid(mid: string): Section | undefined {
    return this.#sections.find((s) => s.mid === mid);
  }

  at(index: number): Section | undefined {
    return this.#sections[index];
  }

  /** A new m-line after the others (the SFU adds them only in its own offers). */
  append(section: Section): void {
    const open = this.openCount;
    if (section.role !== 'closed' && open >= this.maxSections) throw tooMany(open + 1, this.maxSections);
    this.#sections.push(section);
  }

  /** The section with this mid, changed in place: the m-line order never changes. */
  replace(mid: string, section: Section): void {
    const index = this.#sections.findIndex((s) => s.mid === mid);
    if (index < 0) throw new Error(`no m-section has mid ${mid}`);
    this.#sections[index] = section;
  }

  /** Every section as the client's offer left them (checked with `checkOffer` first). */
  replaceAll(next: Section[]): void {
    this.#sections = next;
  }

  /** The SFU's description of every section, in m-line order. */
  describe(): LocalSection[] {
    return this.#sections.map((s) => localSectionOf(s));
  }

  /** The SFU is sending an offer of these sections. */
  offered(): void {
    this.#awaitingAnswer = true;
  }

  /** Refuses a client offer while an SFU offer awaits its answer (the two would cross). */
  assertNoPendingOffer(): void {
    if (this.#awaitingAnswer) {
      throw new SdpError('the SFU sent an offer that is still waiting for its answer: send that answer to renegotiate first');
    }
  }

  /**
   * A client offer must keep every m-line the session has, in place (only a stopped one may be
   * recycled for a new mid, as browsers reuse stopped transceivers' slots), and must not stop the
   * section carrying the BUNDLE transport: browsers (Firefox, and libwebrtc: Chromium, wrtc) then
   * move the group onto a new ICE/DTLS transport, which a mediasoup transport cannot take over.
   */
  checkOffer(remote: RemoteDescription): void {
    const live = remote.sections.filter((s) => !s.rejected).length;
    if (live > this.maxSections) throw tooMany(live, this.maxSections);
    if (remote.sections.length < this.#sections.length) {
      throw new SdpError(`the offer has ${remote.sections.length} m-sections, the session already has ${this.#sections.length}`);
    }
    this.#sections.forEach((section, i) => {
      const offered = remote.sections[i];
      if (offered && offered.mid !== section.mid && section.role !== 'closed') {
        throw new SdpError(`m-section ${i} is mid ${section.mid} in this session, the offer has mid ${offered.mid} there`);
      }
    });
    this.checkBundleKept(remote);
  }

  /** The BUNDLE rule of `checkOffer` alone (tracks/close checks it before closing anything). */
  checkBundleKept(remote: RemoteDescription): void {
    const leader = this.#sections.find((s) => s.role !== 'closed');
    const offered = leader && remote.sections.find((s) => s.mid === leader.mid);
    const othersStayBundled = remote.sections.some((s) => s.mid !== leader?.mid && !s.rejected);
    if (!leader || !offered?.rejected || !othersStayBundled) return;
    throw new SfuError(
      'invalid_session_description',
      `the offer stops mid ${leader.mid}, which carries the BUNDLE transport: the browser then starts a new DTLS association that the SFU ` +
        `cannot take over. Keep that transceiver and set its direction to "inactive" instead of stop(), then close its track ` +
        `(tracks/close with this offer, or force: true)`,
    );
  }

  /** The client's answer must answer the pending SFU offer: section for section, same mids. */
  checkAnswer(remote: RemoteDescription): void {
    if (!this.#awaitingAnswer) throw new SdpError('no SFU offer is waiting for an answer on this session');
    if (remote.sections.length !== this.#sections.length) {
      throw new SdpError(`the answer has ${remote.sections.length} m-sections, the SFU offer had ${this.#sections.length}`);
    }
    remote.sections.forEach((answered, i) => {
      const mid = this.#sections[i]?.mid;
      if (answered.mid !== mid) throw new SdpError(`m-section ${i} of the answer has mid ${answered.mid}, the offer had ${mid}`);
    });
  }

  /** The pending SFU offer was answered. */
  answered(): void {
    this.#awaitingAnswer = false;
  }
}

function tooMany(count: number, max: number): SfuError {
  return new SfuError('invalid_params', `a session may have at most ${max} m-sections that are not stopped; this would make ${count}`);
}
