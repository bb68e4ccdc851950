/**
 * A member of a room that really joins: a session created in the room over GraphQL, an Opus track
 * published from a libdatachannel peer over REST, and the peer connected (DTLS), which is what makes
 * the SFU announce SessionJoined. Leaving ends the session over GraphQL (closeSession: SessionLeft),
 * then closes the peer: libdatachannel's close is not seen by mediasoup as a DTLS close, so a peer
 * that only closed would leave at the liveness timeout (15 s), in the SFU's next poll.
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import type { CallsClient } from '../../test/helpers/callsClient.js';
import { closeSessionNow, createRoomSession } from './graphqlHttp.js';
import { NdcPeer } from './ndcPeer.js';

/** How long a joiner's peer may take to connect. */
const connectTimeoutMs = 15_000;

export class RoomJoiner {
  /** The audio track, held: node-datachannel drops a collected track. */
  readonly #held: unknown[];

  private constructor(
    private readonly peer: NdcPeer,
    private readonly baseUrl: string,
    private readonly secret: string,
    /** Its session. */
    readonly sessionId: string,
    track: ndc.Track,
  ) {
    this.#held = [track];
  }

  /** Creates the session in `room`, publishes, and resolves once the peer is connected. */
  static async join(client: CallsClient, baseUrl: string, room: string, name: string): Promise<RoomJoiner> {
    const peer = new NdcPeer(name);
    try {
      const audio = new ndc.Audio('0', 'SendOnly');
      audio.addOpusCodec(111);
      audio.addSSRC(randomInt(1, 2 ** 31), name, `${name}-stream`, `${name}-audio`);
      const track = peer.pc.addTrack(audio);
      const offer = await peer.offer();
      const sessionId = await createRoomSession(baseUrl, client.secret, room);
      const published = await client.newTracks(sessionId, { sessionDescription: offer, tracks: [{ location: 'local', mid: '0', trackName: 'mic' }] });
      if (!published.sessionDescription || published.tracks.some((t) => t.errorCode)) throw new Error(`joiner publish failed: ${JSON.stringify(published.tracks)}`);
      peer.accept(published.sessionDescription);
      const deadline = performance.now() + connectTimeoutMs;
      while (peer.state !== 'connected') {
        if (performance.now() > deadline) throw new Error(`${name}: not connected within ${connectTimeoutMs} ms (state ${peer.state})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return new RoomJoiner(peer, baseUrl, client.secret, sessionId, track);
    } catch (error) {
      peer.close();
      throw error;
    }
  }

  /** Ends the session (resolves when the SFU answered), then closes the peer. Safe twice. */
  async leave(): Promise<void> {
    if (this.#held.length === 0) return;
    this.#held.length = 0;
    try {
      await closeSessionNow(this.baseUrl, this.secret, this.sessionId);
    } finally {
      this.peer.close();
    }
  }
}
