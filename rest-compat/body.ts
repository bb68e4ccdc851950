import { SfuError, readBodyAtMost } from '../src/service/index.js';

/**
 * Reads a request body as JSON whatever its Content-Type: browsers calling the hosted service send
 * JSON as text/plain, and `sessions/new` usually has no body at all (then: undefined). A body past
 * `maxBytes` is refused as soon as it is seen to be: by Content-Length, or after `maxBytes` read.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const buffer = await readBodyAtMost(request, maxBytes);
  if (buffer === undefined) throw new SfuError('payload_too_large', `the body is larger than ${maxBytes} bytes`);
  const text = new TextDecoder().decode(buffer).trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SfuError('decoding_error', `the body is not valid JSON: ${(error as Error).message}`);
  }
}
