import type { types } from 'mediasoup';
// mediasoup's own ortc turns the router's codec list into capabilities; tests use it to get the
// exact capabilities a real router has without starting a worker.
import * as ortc from 'mediasoup/node/lib/ortc.js';
import { routerMediaCodecs } from '../../src/media/routerCodecs.js';

export const routerCapabilities = (ortc as { generateRouterRtpCapabilities: (codecs: types.RtpCodecCapability[]) => types.RtpCapabilities })
  .generateRouterRtpCapabilities(routerMediaCodecs);
