import type { Page } from 'puppeteer-core';

/**
 * A client of the REST API inside a browser page, written as an app author would: fetch with the
 * bearer secret, RTCPeerConnection, getStats. Tests install it with installBrowserClient() and
 * drive it with page.evaluate(); PeerConnections stay in the page under a name.
 */
export interface BrowserClient {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiBody }>;
  /** Creates (or returns) the named PeerConnection. */
  pc(name: string, config?: RTCConfiguration): RTCPeerConnection;
  pcs: Record<string, RTCPeerConnection>;
  media(): Promise<MediaStream>;
  /** Publishes every track of `stream` on pc `name` through tracks/new with the client's offer. */
  publish(name: string, stream: MediaStream, trackNames: string[]): Promise<{ sessionId: string; body: ApiBody }>;
  /** Pulls tracks into pc `name` (SFU offer, client answer, renegotiate). */
  pull(name: string, sessionId: string, tracks: unknown[]): Promise<ApiBody>;
  /** Sends a fresh client offer of pc `name` to renegotiate and applies the SFU answer. */
  reoffer(name: string, sessionId: string): Promise<ApiBody>;
  /** What the named pc receives, per track kind: inbound-rtp counters. */
  received(name: string): Promise<ReceivedStats[]>;
}

export interface ReceivedStats {
  kind: string;
  mid: string | null;
  packetsReceived: number;
  framesDecoded: number;
  frameWidth: number;
  /** e.g. `video/VP8`. */
  codec: string;
}

export type ApiBody = Record<string, unknown> & {
  sessionId?: string;
  sessionDescription?: RTCSessionDescriptionInit;
  tracks?: { mid?: string; trackName?: string; errorCode?: string; errorDescription?: string }[];
  requiresImmediateRenegotiation?: boolean;
};

declare global {
  interface Window {
    /** Installed by installBrowserClient(), for code inside page.evaluate(). */
    client: BrowserClient;
  }
}

/** Installs `window.client` in the page, talking to the SFU at `base` as app `appId`. */
export async function installBrowserClient(page: Page, base: string, appId: string, secret: string): Promise<void> {
  await page.evaluate(
    ({ base, appId, secret }) => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const client: BrowserClient = {
        pcs: {},
        async call(method, path, body) {
          const response = await fetch(`${base}/v1/apps/${appId}${path}`, {
            method,
            headers: { Authorization: `Bearer ${secret}` },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: text ? JSON.parse(text) : {} };
        },
        pc(name, config) {
          client.pcs[name] ??= new RTCPeerConnection(config);
          return client.pcs[name];
        },
        media: () => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } }),
        async publish(name, stream, trackNames) {
          const pc = client.pc(name);
          const transceivers = stream.getTracks().map((track) => pc.addTransceiver(track, { direction: 'sendonly' }));
          const { body: session } = await client.call('POST', '/sessions/new');
          await pc.setLocalDescription(await pc.createOffer());
          const { body } = await client.call('POST', `/sessions/${session.sessionId}/tracks/new`, {
            sessionDescription: pc.localDescription,
            tracks: transceivers.map((t, i) => ({ location: 'local', mid: t.mid, trackName: trackNames[i] })),
          });
          if (body.sessionDescription) await pc.setRemoteDescription(body.sessionDescription);
          return { sessionId: session.sessionId!, body: { ...body, sessionId: session.sessionId! } };
        },
        async pull(name, sessionId, tracks) {
          const pc = client.pc(name);
          let body: ApiBody = {};
          // A track can be pulled once its first packets reached the SFU (empty_track_error before).
          for (let attempt = 0; attempt < 20; attempt++) {
            ({ body } = await client.call('POST', `/sessions/${sessionId}/tracks/new`, { tracks }));
            if (!body.tracks?.some((t) => t.errorCode === 'empty_track_error')) break;
            await sleep(250);
          }
          if (!body.sessionDescription) return body;
          await pc.setRemoteDescription(body.sessionDescription);
          await pc.setLocalDescription(await pc.createAnswer());
          const renegotiated = await client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
          if (renegotiated.status !== 200) throw new Error(`renegotiate: ${JSON.stringify(renegotiated.body)}`);
          return body;
        },
        async reoffer(name, sessionId) {
          const pc = client.pc(name);
          await pc.setLocalDescription(await pc.createOffer());
          const { body } = await client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
          if (body.sessionDescription) await pc.setRemoteDescription(body.sessionDescription);
          return body;
        },
        async received(name) {
          const stats = await client.pc(name).getStats();
          const list: ReceivedStats[] = [];
          const mids = new Map(client.pc(name).getTransceivers().map((t) => [t.receiver.track.id, t.mid]));
          stats.forEach((report: Record<string, unknown>) => {
            if (report['type'] !== 'inbound-rtp') return;
            list.push({
              kind: String(report['kind']),
              mid: report['mid'] !== undefined ? String(report['mid']) : (mids.get(String(report['trackIdentifier'])) ?? null),
              packetsReceived: Number(report['packetsReceived'] ?? 0),
              framesDecoded: Number(report['framesDecoded'] ?? 0),
              frameWidth: Number(report['frameWidth'] ?? 0),
              codec: String((stats.get(String(report['codecId'])) as { mimeType?: string } | undefined)?.mimeType ?? ''),
            });
          });
          return list;
        },
      };
      window.client = client;
    },
    { base, appId, secret },
  );
}

/** Inbound RTP counters of a page's named PeerConnection. */
export function receivedIn(page: Page, pc: string): Promise<ReceivedStats[]> {
  return page.evaluate((pc) => window.client.received(pc), pc);
}

/**
 * Waits until the video received at `mid` of the page's pc (or its only video, without a mid) has
 * decoded 10 more frames than when we started watching, at most `timeoutMs`; returns its stats.
 */
export async function videoDecodes(page: Page, pc: string, mid?: string, timeoutMs = 15_000): Promise<ReceivedStats> {
  const deadline = Date.now() + timeoutMs;
  let first: number | undefined;
  let last: ReceivedStats | undefined;
  while (Date.now() < deadline) {
    last = (await receivedIn(page, pc)).find((s) => s.kind === 'video' && (mid === undefined || s.mid === mid));
    if (last && last.framesDecoded > 0) {
      first ??= last.framesDecoded;
      if (last.framesDecoded - first >= 10) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`video${mid === undefined ? '' : ` at mid ${mid}`} of pc "${pc}" decoded no new frames in ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** Whether the video at `mid` decodes no new frame for `quietMs` (after its track was closed). */
export async function videoStopped(page: Page, pc: string, mid: string, quietMs = 1_000): Promise<boolean> {
  const framesAt = async () => (await receivedIn(page, pc)).find((s) => s.kind === 'video' && s.mid === mid)?.framesDecoded ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = await framesAt();
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  return (await framesAt()) === before;
}

/** Polls the video at `mid` until `accept` holds (at most `timeoutMs`); returns its stats. */
export async function videoUntil(
  page: Page,
  pc: string,
  mid: string,
  accept: (video: ReceivedStats) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedStats> {
  const deadline = Date.now() + timeoutMs;
  let last: ReceivedStats | undefined;
  while (Date.now() < deadline) {
    last = (await receivedIn(page, pc)).find((s) => s.kind === 'video' && s.mid === mid);
    if (last && accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`video at mid ${mid} of pc "${pc}" did not get there in ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
