// @ts-check
import { ApiError } from './graphql.js';

/**
 * One SFU session and its PeerConnection: publish local tracks, pull remote ones, mute, close.
 * Every offer/answer exchange goes through one queue, since the SFU refuses overlapping ones
 * on a session (406).
 */
export class Call {
  /** @type {(track: MediaStreamTrack, key: string, receiver: RTCRtpReceiver) => void} */
  ontrack = () => {};
  /** Called once when the PeerConnection fails or the SFU lost the session. */
  onfailed = () => {};

  /** @type {Map<string, string>} mid of a pulled transceiver -> "publisherSession/trackName" */
  #pulledMids = new Map();
  /** @type {Map<string, RTCRtpTransceiver>} local track name -> its sending transceiver */
  #published = new Map();
  #queue = Promise.resolve();
  #closed = false;

  /**
   * @param {import('./graphql.js').GraphQLClient} api
   * @param {string} sessionId
   */
  constructor(api, sessionId) {
    this.api = api;
    this.sessionId = sessionId;
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc.ontrack = ({ transceiver, track, receiver }) => {
      const key = this.#pulledMids.get(transceiver.mid ?? '');
      if (key) this.ontrack(track, key, receiver);
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed' && !this.#closed) this.onfailed();
    };
  }

  /** A new session; the token gives it its room, identity and name. @param {import('./graphql.js').GraphQLClient} api */
  static async create(api) {
    const created = await api.run('CreateSession', { input: {} });
    return new Call(api, created.sessionId);
  }

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  #serially(task) {
    const run = this.#queue.then(task);
    this.#queue = run.then(() => {}, () => {});
    return run;
  }

  /**
   * Publishes tracks, each under a name ("audio", "video", "screen").
   * @param {{ name: string, track: MediaStreamTrack }[]} tracks
   * @returns {Promise<Map<string, string>>} name -> mid
   */
  publish(tracks) {
    return this.#serially(async () => {
      const added = tracks.map(({ name, track }) => {
        const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly' });
        this.#published.set(name, transceiver);
        return { name, transceiver };
      });
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const result = await this.api.run('AddTracks', {
        sessionId: this.sessionId,
        input: {
          sessionDescription: { type: 'offer', sdp: this.pc.localDescription?.sdp },
          tracks: added.map(({ name, transceiver }) => ({ location: 'local', mid: transceiver.mid, trackName: name })),
        },
      });
      await this.pc.setRemoteDescription(result.sessionDescription);
      const failed = result.tracks.find((t) => t.__typename === 'TrackError');
      if (failed) throw new ApiError(failed.code, `could not publish ${failed.trackName}: ${failed.message}`);
      return new Map(added.map(({ name, transceiver }) => [name, transceiver.mid ?? '']));
    });
  }

  /** @param {string} name */
  midOf(name) {
    return this.#published.get(name)?.mid ?? undefined;
  }

  /** @param {string} name */
  senderOf(name) {
    return this.#published.get(name)?.sender;
  }

  /** Tells the SFU to pause or resume published tracks. @param {{ name: string, muted: boolean }[]} tracks */
  async mute(tracks) {
    const mids = tracks.map(({ name, muted }) => ({ mid: this.midOf(name), muted })).filter((t) => t.mid);
    if (mids.length === 0) return;
    const result = await this.api.run('MuteTracks', { sessionId: this.sessionId, tracks: mids });
    const failed = result.tracks.find((t) => t.__typename !== 'MutedTrack');
    if (failed) throw new ApiError(failed.code, `could not mute: ${failed.message}`);
  }

  /** Stops publishing a track, negotiated (the transceiver goes inactive). @param {string} name */
  unpublish(name) {
    return this.#serially(async () => {
      const transceiver = this.#published.get(name);
      if (!transceiver?.mid) return;
      this.#published.delete(name);
      transceiver.sender.track?.stop();
      transceiver.direction = 'inactive';
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const result = await this.api.run('CloseTracks', {
        sessionId: this.sessionId,
        input: { mids: [transceiver.mid], force: false, sessionDescription: { type: 'offer', sdp: this.pc.localDescription?.sdp } },
      });
      if (result.sessionDescription) await this.pc.setRemoteDescription(result.sessionDescription);
    });
  }

  /**
   * Pulls tracks of another session of the room. Resolves to the ones the SFU refused, with
   * their error code (`empty_track_error` while the publisher's first packets have not arrived).
   * @param {string} publisherId
   * @param {string[]} trackNames
   * @returns {Promise<{ trackName: string, code: string, message: string }[]>}
   */
  pull(publisherId, trackNames) {
    return this.#serially(async () => {
      if (this.#closed) return [];
      const result = await this.api.run('AddTracks', {
        sessionId: this.sessionId,
        input: { tracks: trackNames.map((trackName) => ({ location: 'remote', sessionId: publisherId, trackName })) },
      });
      const refused = [];
      for (const item of result.tracks) {
        if (item.__typename === 'AddedTrack') this.#pulledMids.set(item.mid, `${publisherId}/${item.trackName}`);
        else refused.push({ trackName: item.trackName, code: item.code, message: item.message });
      }
      if (result.requiresImmediateRenegotiation) {
        await this.pc.setRemoteDescription(result.sessionDescription);
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        await this.api.run('Renegotiate', { sessionId: this.sessionId, sessionDescription: { type: 'answer', sdp: this.pc.localDescription?.sdp } });
      }
      return refused;
    });
  }

  /** Forgets pulls of a track that ended at its publisher. @param {string} key "publisherSession/trackName" */
  forgetPull(key) {
    for (const [mid, value] of this.#pulledMids) if (value === key) this.#pulledMids.delete(mid);
  }

  /** The receivers of pulled audio, by "publisherSession/trackName". */
  receivers() {
    const byKey = new Map();
    for (const transceiver of this.pc.getTransceivers()) {
      const key = this.#pulledMids.get(transceiver.mid ?? '');
      if (key) byKey.set(key, transceiver.receiver);
    }
    return byKey;
  }

  /**
   * Leaves: ends the session on the server at once (the room sees its tracks close and it leave
   * now, not after a timeout), then closes the PeerConnection.
   */
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    await this.api.run('CloseSession', { sessionId: this.sessionId }).catch(() => {});
    this.pc.close();
  }
}
