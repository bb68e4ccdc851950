import WebSocket from 'ws';
import { AdapterError } from './AdapterError.js';

/**
 * The largest message an endpoint may send: Cloudflare's ingest limit (32 KB serialized). ws
 * closes a socket that sends more with 1009; egress endpoints have nothing to send at all, so the
 * same bound keeps any endpoint from making the SFU buffer ws's default 100 MiB.
 */
export const maxEndpointMessageBytes = 32 * 1024;

/**
 * Opens the adapter's WebSocket to the customer's endpoint, as the SFU does: no redirects, no
 * custom headers, binary messages. Resolves once the upgrade completes; a refused or failed
 * upgrade is websocket_handshake_failed, one that takes longer than `timeoutMs` is
 * websocket_connection_timeout. The socket comes paused, with errors ignored (its 'close' follows
 * every error): attach listeners, then resume(). Aborting `signal` drops the attempt's socket at once (a
 * reconnecting adapter that is closed mid-handshake leaves no socket behind).
 */
export function connectEndpoint(endpoint: string, timeoutMs: number, signal?: AbortSignal): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AdapterError('websocket_handshake_failed', 'the connection attempt was cancelled'));
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(endpoint, { followRedirects: false, handshakeTimeout: timeoutMs, perMessageDeflate: false, maxPayload: maxEndpointMessageBytes });
    } catch (error) {
      reject(new AdapterError('websocket_handshake_failed', `the endpoint URL cannot be opened: ${(error as Error).message}`));
      return;
    }
    socket.binaryType = 'nodebuffer';
    const cancelled = (): void => fail(new AdapterError('websocket_handshake_failed', 'the connection attempt was cancelled'));
    const fail = (error: AdapterError): void => {
      signal?.removeEventListener('abort', cancelled);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    signal?.addEventListener('abort', cancelled, { once: true });
    socket.once('open', () => {
      signal?.removeEventListener('abort', cancelled);
      socket.removeAllListeners();
      // Frames that came with the 101 are parsed on the next tick, before the caller's await
      // resumes: read nothing (and so lose no message, and throw no frame error with no listener)
      // until the caller has its listeners on and calls resume().
      socket.pause();
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('unexpected-response', (_request, response) => {
      fail(new AdapterError('websocket_handshake_failed', `the handshake with the provided endpoint failed: it answered HTTP ${response.statusCode} instead of 101`));
    });
    socket.once('error', (error) => {
      if (/handshake has timed out/i.test(error.message)) fail(new AdapterError('websocket_connection_timeout', `the WebSocket handshake took longer than ${timeoutMs} ms`));
      else fail(new AdapterError('websocket_handshake_failed', `the handshake with the provided endpoint failed: ${error.message}`));
    });
  });
}
