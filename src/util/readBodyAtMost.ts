/**
 * A request body, read no further than `maxBytes`: undefined as soon as it grows past that, or
 * when a Content-Length already says so, so a client streaming a huge chunked body is answered at
 * once. The rest is not cancelled (that would reset the socket before the client reads the
 * answer): Node discards it after the response, and its request timeout bounds a body without end.
 * Both faces read bodies through this.
 */
export async function readBodyAtMost(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const read = await reader?.read();
    if (!read || read.done) break;
    size += read.value.byteLength;
    if (size > maxBytes) {
      reader!.releaseLock();
      return undefined;
    }
    chunks.push(read.value);
  }
  const whole = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
