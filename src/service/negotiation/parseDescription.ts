import { parseRemoteDescription, SdpError, type RemoteDescription, type SessionDescription } from '../../sdp/index.js';
import { asSfuError } from '../errors.js';

/** The client's SDP, parsed as every operation starts with it; `invalid_session_description` when unusable. */
export function parseDescription(description: SessionDescription, expected?: 'offer' | 'answer'): RemoteDescription {
  try {
    const remote = parseRemoteDescription(description);
    if (expected && remote.type !== expected) throw new SdpError(`expected an ${expected}, got an ${remote.type}`);
    return remote;
  } catch (error) {
    throw asSfuError(error);
  }
}
