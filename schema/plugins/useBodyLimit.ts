import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies larger than `maxBytes` (the REST face's limit, `SFU_MAX_BODY_BYTES`) with
 * 413 and `extensions.code: payload_too_large`: by Content-Length before reading, and while reading
 * a body sent without one (chunked), so no more than `maxBytes` is ever buffered.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  const refusal = (): Response =>
    Response.json(
      { errors: [{ message: `the body is larger than ${maxBytes} bytes`, extensions: { code: 'payload_too_large' } }] },
      { status: 413 },
    );
  return {
    async onRequest({ request, setRequest, endResponse }) {
      if (!request.body) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) endResponse(refusal());
        return;
      }
      // No Content-Length (chunked): read at most maxBytes + 1 bytes, then hand yoga the buffer.
      const body = await readAtMost(request.body, maxBytes);
      if (body === undefined) endResponse(refusal());
      else setRequest(new Request(request.url, { method: request.method, headers: request.headers, body }));
    },
  };
}

/** The whole body, or undefined as soon as it grows past `maxBytes`. */
async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
