import { SfuError } from '../src/service/errors.js';

/**
 * Reads a request body as JSON whatever its Content-Type: browsers calling the hosted service send
 * JSON as text/plain, and `sessions/new` usually has no body at all (then: undefined).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
  const text = new TextDecoder().decode(buffer).trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SfuError('decoding_error', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number): SfuError {
  return new SfuError('payload_too_large', `the body is larger than ${maxBytes} bytes`);
}
