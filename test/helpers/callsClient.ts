/**
 * A client of the Cloudflare Realtime API written from its public docs, as an app's backend would
 * write it: fetch, bearer secret, JSON. Tests use it so they exercise only the HTTPS contract.
 */
export interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export class CallsClient {
  constructor(
    /** The server's URL, or a function giving one per call (a round-robin balancer over a cluster). */
    readonly baseUrl: string | (() => string),
    readonly appId: string,
    readonly secret: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<CallResult<T>> {
    const base = typeof this.baseUrl === 'function' ? this.baseUrl() : this.baseUrl;
    const response = await fetch(`${base}/v1/apps/${this.appId}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.secret}` },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  async newSession(offer?: Description): Promise<{ sessionId: string; sessionDescription?: Description }> {
    const result = await this.call<{ sessionId: string; sessionDescription?: Description }>(
      'POST',
      '/sessions/new',
      offer ? { sessionDescription: offer } : undefined,
    );
    expectStatus(result, 201);
    return result.body;
  }

  async newTracks(sessionId: string, body: unknown): Promise<TracksResponse> {
    const result = await this.call<TracksResponse>('POST', `/sessions/${sessionId}/tracks/new`, body);
    expectStatus(result, 200);
    return result.body;
  }

  async renegotiate(sessionId: string, sessionDescription: Description): Promise<Record<string, unknown>> {
    const result = await this.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription });
    expectStatus(result, 200);
    return result.body;
  }

  async closeTracks(sessionId: string, body: unknown): Promise<TracksResponse> {
    const result = await this.call<TracksResponse>('PUT', `/sessions/${sessionId}/tracks/close`, body);
    expectStatus(result, 200);
    return result.body;
  }

  async getSession(sessionId: string): Promise<{ tracks: TrackState[]; dataChannels: unknown[] }> {
    const result = await this.call<{ tracks: TrackState[]; dataChannels: unknown[] }>('GET', `/sessions/${sessionId}`);
    expectStatus(result, 200);
    return result.body;
  }
}

export interface TrackItem {
  location?: string;
  mid?: string;
  trackName?: string;
  sessionId?: string;
  errorCode?: string;
  errorDescription?: string;
}

export interface TracksResponse {
  requiresImmediateRenegotiation: boolean;
  sessionDescription?: Description;
  tracks: TrackItem[];
}

export interface TrackState {
  location: string;
  mid: string;
  trackName: string;
  sessionId?: string;
  status: string;
}

function expectStatus(result: CallResult<unknown>, status: number): void {
  if (result.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
  }
}
