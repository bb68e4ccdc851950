import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallsClient } from '../helpers/callsClient.js';
import { publish, pull, type Publisher, type Subscriber } from '../helpers/flows.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

/** Packets received on the inbound RTP stream of one transceiver. */
async function packetsAtMid(peer: WrtcPeer, mid: string): Promise<number> {
  let packets = 0;
  (await peer.pc.getStats()).forEach((r: { type: string; mid?: string; packetsReceived?: number }) => {
    if (r.type === 'inbound-rtp' && r.mid === mid) packets += r.packetsReceived ?? 0;
  });
  return packets;
}

describe('bidirectional transceivers (bidirectionalMediaStream, mid "#trackName")', () => {
  let sfu: RunningSfu;
  let client: CallsClient;
  const media = new SyntheticMedia();
  const agent = new WrtcPeer();
  let other: Publisher;
  let listener: Subscriber;

  beforeAll(async () => {
    sfu = await startSfu();
    client = new CallsClient(sfu.url, testApps[0].id, testApps[0].secret);
  });

  afterAll(async () => {
    agent.close();
    other?.peer.close();
    other?.media.stop();
    listener?.peer.close();
    media.stop();
    await sfu?.stop();
  });

  it('publishes on a sendrecv transceiver and later receives a pulled track on the same one', async () => {
    const transceiver = agent.pc.addTransceiver(media.audioTrack, { direction: 'sendrecv' });
    const { sessionId } = await client.newSession();
    const pushed = await client.newTracks(sessionId, {
      sessionDescription: await agent.offer(),
      tracks: [{ location: 'local', mid: transceiver.mid, trackName: 'mic-1', bidirectionalMediaStream: true, kind: 'audio' }],
    });
    expect(pushed.tracks[0]!.errorCode).toBeUndefined();
    expect(pushed.sessionDescription!.sdp).toMatch(/a=sendrecv/);
    await agent.pc.setRemoteDescription(pushed.sessionDescription!);

    other = await publish(client, 'tts');
    const pulled = await client.newTracks(sessionId, {
      tracks: [{ location: 'remote', mid: '#mic-1', sessionId: other.sessionId, trackName: other.tracks.audio, kind: 'audio' }],
    });
    expect(pulled.tracks).toEqual([
      { location: 'remote', mid: transceiver.mid, sessionId: other.sessionId, trackName: other.tracks.audio, kind: 'audio' },
    ]);
    expect(pulled.requiresImmediateRenegotiation).toBe(true);
    await client.renegotiate(sessionId, await agent.answer(pulled.sessionDescription!));

    expect(agent.pc.getTransceivers()).toHaveLength(1);
    await eventually('audio received on the bidirectional transceiver', async () => (await packetsAtMid(agent, transceiver.mid!)) > 50);
    // Its own track still reaches others.
    listener = await pull(client, [{ sessionId, trackName: 'mic-1' }]);
    await eventually('mic-1 received by a listener', async () => (await listener.peer.packetsReceived('audio')) > 50);
    const state = await client.getSession(sessionId);
    expect(state.tracks.map((t) => [t.location, t.mid, t.trackName, t.status])).toEqual([
      ['local', transceiver.mid, 'mic-1', 'active'],
      ['remote', transceiver.mid, other.tracks.audio, 'active'],
    ]);
  });

  it('refuses "#trackName" for a track that is not on a bidirectional transceiver', async () => {
    const result = await client.newTracks(other.sessionId, {
      tracks: [{ location: 'remote', mid: `#${other.tracks.audio}`, sessionId: other.sessionId, trackName: other.tracks.video }],
    });
    expect(result.tracks[0]!.errorCode).toBe('invalid_params');
  });

  it('offers a sendrecv m-section for an SFU-made bidirectional publish, and pulls into it without renegotiation', async () => {
    const bot = new WrtcPeer();
    try {
      const { sessionId } = await client.newSession();
      const offered = await client.newTracks(sessionId, {
        tracks: [{ location: 'local', trackName: 'voice', kind: 'audio', bidirectionalMediaStream: true }],
      });
      expect(offered.sessionDescription!.sdp).toMatch(/a=sendrecv/);
      await bot.pc.setRemoteDescription(offered.sessionDescription!);
      const transceiver = bot.pc.getTransceivers()[0]!;
      transceiver.direction = 'sendrecv';
      await transceiver.sender.replaceTrack(media.audioTrack);
      await bot.pc.setLocalDescription(await bot.pc.createAnswer());
      await client.renegotiate(sessionId, bot.local());

      const pulled = await client.newTracks(sessionId, {
        tracks: [{ location: 'remote', mid: '#voice', sessionId: other.sessionId, trackName: other.tracks.audio }],
      });
      expect(pulled.tracks[0]!.errorCode).toBeUndefined();
      expect(pulled.requiresImmediateRenegotiation).toBe(false);
      expect(pulled.sessionDescription).toBeUndefined();
      await eventually('audio pulled into the SFU-offered transceiver', async () => (await packetsAtMid(bot, transceiver.mid!)) > 50);
    } finally {
      bot.close();
    }
  });
});
