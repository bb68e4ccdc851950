/**
 * A libdatachannel peer (node-datachannel) for the load generator: full ICE, DTLS and SRTP in
 * native threads, but no jitter buffer, decoder or encoder, so one process can hold hundreds.
 * Tracks hand over whole RTP packets after SRTP (a track's onMessage), and take them to send.
 */
import ndc from 'node-datachannel';

/** The description node-datachannel produces, in the shape of the REST API's `sessionDescription`. */
export interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}

/** How long to wait for libdatachannel to produce a local description. */
const describeTimeoutMs = 10_000;

let peerCount = 0;

/** One PeerConnection bound to loopback, with its local description as a promise. */
export class NdcPeer {
  readonly pc: ndc.PeerConnection;
  readonly #description: Promise<Description>;
  #closed = false;

  constructor(name = `load-${++peerCount}`) {
    this.pc = new ndc.PeerConnection(name, { iceServers: [], bindAddress: '127.0.0.1', enableIceTcp: false });
    this.#description = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no local description within ${describeTimeoutMs} ms`)), describeTimeoutMs);
      this.pc.onLocalDescription((sdp, type) => {
        clearTimeout(timer);
        if (type === 'offer' || type === 'answer') resolve({ type, sdp });
        else reject(new Error(`${name}: unexpected local description type ${type}`));
      });
    });
    // An unhandled rejection if nobody asks for the description (the peer closed before use).
    this.#description.catch(() => undefined);
  }

  /** The offer for the tracks added so far (libdatachannel negotiates once the first track is added). */
  offer(): Promise<Description> {
    this.pc.setLocalDescription('offer');
    return this.#description;
  }

  /** Applies the remote offer and returns libdatachannel's answer. */
  answer(offer: Description): Promise<Description> {
    this.pc.setRemoteDescription(offer.sdp, 'offer');
    return this.#description;
  }

  /** Applies the remote answer to our offer. */
  accept(answer: Description): void {
    this.pc.setRemoteDescription(answer.sdp, 'answer');
  }

  get state(): string {
    return this.pc.state();
  }

  /** Closes the connection (its tracks with it). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.pc.close();
  }
}

/*
 * No cleanup here on purpose: ndc.cleanup() (which frees libdatachannel's threads so the process
 * can exit by itself) crashed the process with SIGSEGV after 100 peers had been closed, even a
 * second later, while it worked after 10. Whoever runs the load generator ends its process.
 */
