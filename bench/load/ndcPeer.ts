/**
 * A libdatachannel peer (node-datachannel) for the load generator: full ICE, DTLS and SRTP in
 * native threads, but no jitter buffer, decoder or encoder, so one process can hold hundreds.
 * Tracks hand over whole RTP packets after SRTP (a track's onMessage), and take them to send.
 *
 * Its descriptions carry its ICE candidates (taken once gathering is complete, which on one
 * loopback address takes about a millisecond), as a client that does not trickle sends them: a
 * full ICE agent such as Janus needs them, while ours (ICE-lite) ignores them.
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
      const timer = setTimeout(() => reject(new Error(`${name}: no local description with candidates within ${describeTimeoutMs} ms`)), describeTimeoutMs);
      let described: Description | undefined;
      let gathered = false;
      // libdatachannel may finish gathering before or after it announces the description.
      const settle = (): void => {
        if (!described || !gathered) return;
        clearTimeout(timer);
        const complete = this.pc.localDescription();
        resolve(complete && complete.type === described.type ? { type: described.type, sdp: complete.sdp } : described);
      };
      this.pc.onGatheringStateChange((state) => {
        gathered ||= state === 'complete';
        settle();
      });
      this.pc.onLocalDescription((sdp, type) => {
        if (type !== 'offer' && type !== 'answer') {
          clearTimeout(timer);
          reject(new Error(`${name}: unexpected local description type ${type}`));
          return;
        }
        described = { type, sdp };
        settle();
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
