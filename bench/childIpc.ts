/** Waiting for one typed message from a forked bench child (the SFU process, the raw mediasoup baseline). */
import type { ChildProcess } from 'node:child_process';

/** Every child message has a `type`; `failed` rejects whatever the parent was waiting for. */
export type ChildMessage = { type: string } | { type: 'failed'; message: string };

/** The child's next message of `type`; rejects on `failed`, on the child's exit, or after `timeoutMs`. `name` is the child in errors. */
export function nextMessage<M extends ChildMessage, K extends M['type']>(
  child: ChildProcess,
  type: K,
  timeoutMs: number,
  name = 'bench child',
): Promise<Extract<M, { type: K }>> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: M): void => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`${name} failed: ${(message as { message: string }).message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<M, { type: K }>);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`${name} exited (code ${code}) while the parent waited for "${type}"`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${name} sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks the child to stop (`{ type: 'stop' }`) and waits for it to exit, killing it after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' });
  const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timeout);
}
