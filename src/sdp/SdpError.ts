/** A session description we cannot accept; the message says which part and why. */
export class SdpError extends Error {
  override readonly name = 'SdpError';
}
