import type { LocalSection, SessionDescription } from '../../sdp/index.js';
import type { Session } from '../session/Session.js';

/** Whether the session has an m=application section (SCTP negotiated or being negotiated). */
export function hasDataSection(session: Session): boolean {
  return session.sections.all.some((s) => s.role === 'data');
}

/** Adds an m=application section to the session and writes the SFU offer carrying it. */
export function offerDataSection(session: Session): SessionDescription {
  session.sections.assertNoPendingOffer();
  const mid = session.allocateMid();
  session.sections.append({ role: 'data', mid, local: dataSection(session, mid) });
  return session.offer();
}

/** The SFU's side of an m=application section: mediasoup's SCTP port and message size. */
export function dataSection(session: Session, mid: string, protocol?: string): LocalSection {
  const port = session.transport.sctpParameters?.port ?? 5000;
  const maxMessageSize = session.transport.sctpParameters?.maxMessageSize ?? 262144;
  return { type: 'data', mid, ...(protocol !== undefined ? { protocol } : {}), sctpPort: port, maxMessageSize };
}
