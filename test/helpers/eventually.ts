/**
 * Polls `probe` every `everyMs` until it returns true, or fails after `timeoutMs` with `what` in
 * the message. Free of native modules, so tests without WebRTC peers can use it.
 */
export async function eventually(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 15_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
