import type { ErrorCode } from '../errors.js';
import type { AdapterErrorCode } from './AdapterError.js';

/**
 * One entry of adapters/websocket/new (the OpenAPI's AdapterObject) as a face decoded it; what
 * the contract requires of its values is checked by the service (checkRequest.ts).
 */
export interface NewAdapterItem {
  location: 'local' | 'remote';
  trackName: string;
  endpoint: string;
  /** The publisher's session (remote only). */
  sessionId?: string;
  outputCodec?: 'pcm' | 'jpeg';
  inputCodec?: 'pcm';
}

export interface AdapterItemError {
  errorCode: AdapterErrorCode | ErrorCode;
  errorDescription: string;
}

export type NewAdapterResult = { trackName: string } & ({ adapterId: string; endpoint: string; sessionId?: string } | AdapterItemError);

export type CloseAdapterResult = { adapterId: string } & ({ bytesProcessed?: number } | AdapterItemError);

/** Whether a batch item succeeded (the face answers 503 when none did). */
export function isItemError(result: object): result is AdapterItemError {
  return 'errorCode' in result;
}
