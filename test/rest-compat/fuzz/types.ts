/* The shapes the fuzz passes between its generators, its runner and its answer checks. */

/** What the fuzz aims at: ids and names the setup created, so requests reach real state. */
export interface Targets {
  /** Session ids of app-one that requests name in their path: fresh, negotiated-but-silent, live, closed. */
  pathSessions: string[];
  /** Session ids that bodies name as a publisher: the above (app-two's among them) and the live `source`. */
  bodySessions: string[];
  trackNames: string[];
  /** The live publisher that only bodies name: what a new session can really pull. */
  source: { sessionId: string; tracks: string[] };
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /** Sent as a stream, without Content-Length: the body limit must hold while reading. */
  chunked?: boolean;
}

/** Steps run in order on one lane; markers are replaced by what the earlier answers said. */
export interface FuzzCase {
  steps: FuzzRequest[];
  /** Seeds the mangling of the client answer built from an SFU offer (known only once it arrives). */
  answerSeed?: number;
}

/** What the server said to one request. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}
