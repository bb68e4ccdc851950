/** Pure SDP <-> mediasoup RTP parameter translation: no state beyond the values passed in. */
export * from './remoteDescription.js';
export * from './localDescription.js';
export * from './publishedSection.js';
export * from './codecs.js';
export * from './payloadTypes.js';
export { SdpError } from './SdpError.js';
export * from './headerExtensionIds.js';
export * from './receiveOffer.js';
