import type { SessionDescription as Description } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { SdpType } from './enums.js';

export const SessionDescription = builder.objectRef<Description>('SessionDescription').implement({
  description: 'An SDP offer or answer, shaped like RTCSessionDescriptionInit: pass it to setRemoteDescription as it is.',
  fields: (t) => ({
    type: t.field({ type: SdpType, resolve: (d) => d.type }),
    sdp: t.exposeString('sdp'),
  }),
});

export const SessionDescriptionInput = builder.inputType('SessionDescriptionInput', {
  description: "The client's offer or answer (pc.localDescription).",
  fields: (t) => ({
    type: t.field({ type: SdpType, required: true }),
    sdp: t.string({ required: true }),
  }),
});
