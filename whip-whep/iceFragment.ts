/** The ICE credentials of an `application/trickle-ice-sdpfrag` body or of an SDP (RFC 8840). */
export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

/** The fragment's `a=ice-ufrag`/`a=ice-pwd`, when it carries both (an ICE restart); else undefined. */
export function iceCredentials(text: string): IceCredentials | undefined {
  const ufrag = /^a=ice-ufrag:(\S+)\s*$/m.exec(text)?.[1];
  const pwd = /^a=ice-pwd:(\S+)\s*$/m.exec(text)?.[1];
  return ufrag !== undefined && pwd !== undefined ? { ufrag, pwd } : undefined;
}

/** The same SDP with every `a=ice-ufrag`/`a=ice-pwd` line replaced by `credentials`. */
export function withIceCredentials(sdp: string, credentials: IceCredentials): string {
  return sdp.replace(/^a=ice-ufrag:\S+/gm, `a=ice-ufrag:${credentials.ufrag}`).replace(/^a=ice-pwd:\S+/gm, `a=ice-pwd:${credentials.pwd}`);
}

/**
 * The answer fragment an ICE restart returns (RFC 9725 section 4.3.2): the SFU's new credentials,
 * then its candidates (unchanged: the SFU is ICE-lite on fixed host candidates) under each mid.
 */
export function answerFragment(answerSdp: string): string {
  const credentials = iceCredentials(answerSdp);
  const lines: string[] = [];
  if (credentials) lines.push(`a=ice-ufrag:${credentials.ufrag}`, `a=ice-pwd:${credentials.pwd}`);
  // Each m-section of the answer, with its mid and candidates; bundle makes the first one carry them all.
  for (const section of answerSdp.split(/\r?\n(?=m=)/).slice(1)) {
    const mLine = /^m=.*$/m.exec(section)?.[0];
    const mid = /^a=mid:.*$/m.exec(section)?.[0];
    const candidates = section.match(/^a=candidate:.*$/gm) ?? [];
    if (!mLine || !mid) continue;
    lines.push(mLine, mid, ...candidates);
    if (candidates.length > 0) lines.push('a=end-of-candidates');
    break;
  }
  return `${lines.join('\r\n')}\r\n`;
}
