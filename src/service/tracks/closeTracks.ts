import type { RemoteDescription } from '../../sdp/index.js';
import { answerClientOffer } from '../negotiation/answerOffer.js';
import { sectionIsOpen } from '../session/sections.js';
import type { Session } from '../session/Session.js';
import type { CloseTracksRequest, CloseTracksResult } from '../types.js';

/**
 * tracks/close on one session: each named section's tracks end (a published one ends every pull
 * of it). With the client's offer (after `transceiver.stop()`) the SFU answers it; with `force`
 * nothing is negotiated; otherwise the SFU offers the stopped m-lines itself.
 */
export async function closeTracks(session: Session, request: CloseTracksRequest, remote: RemoteDescription | undefined): Promise<CloseTracksResult> {
  // Checked before anything closes: refusing the offer afterwards would leave tracks closed for nothing.
  if (remote) session.sections.checkBundleKept(remote);
  const tracks = request.tracks.map(({ mid }) => {
    const section = session.sections.byMid(mid);
    if (!section || !sectionIsOpen(section)) {
      return { mid, errorCode: 'close_track_error' as const, errorDescription: `no open track has mid ${mid} in this session` };
    }
    session.closeSection(section);
    return { mid };
  });
  if (remote) {
    const { answer } = await answerClientOffer(session, remote, { publish: [], pull: [], autoDiscover: false });
    return { sessionDescription: answer, requiresImmediateRenegotiation: false, tracks };
  }
  if (request.force || !tracks.some((t) => !t.errorCode)) return { requiresImmediateRenegotiation: false, tracks };
  return { sessionDescription: session.offer(), requiresImmediateRenegotiation: true, tracks };
}
