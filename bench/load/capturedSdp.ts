/**
 * Real libdatachannel descriptions captured once, to be resent by many control-plane clients: a
 * publisher's offer (VP8 + Opus sendonly, as the load publisher offers) and a subscriber's answer to
 * the SFU's offer for a pull of two tracks. Resending them keeps client SDP work out of a
 * measurement of the SFU's control plane.
 */
import { randomInt } from 'node:crypto';
import ndc from 'node-datachannel';
import type { CallsClient } from '../../test/helpers/callsClient.js';
import { NdcPeer, type Description } from './ndcPeer.js';
import type { OurFeed } from '../targets/ours.js';

/** The publisher's offer: mid 0 VP8 (pt 96), mid 1 Opus (pt 111), each with its SSRC. */
export async function capturePublishOffer(): Promise<Description> {
  const peer = new NdcPeer('captured-publisher');
  try {
    const video = new ndc.Video('0', 'SendOnly');
    video.addVP8Codec(96);
    video.addSSRC(randomInt(1, 2 ** 31), 'captured', 'captured-stream', 'captured-video');
    const audio = new ndc.Audio('1', 'SendOnly');
    audio.addOpusCodec(111);
    audio.addSSRC(randomInt(1, 2 ** 31), 'captured', 'captured-stream', 'captured-audio');
    // Held until the offer exists: a collected track leaves the description.
    const held = [peer.pc.addTrack(video), peer.pc.addTrack(audio)];
    const offer = await peer.offer();
    void held;
    return offer;
  } finally {
    peer.close();
  }
}

/**
 * A subscriber's answer to the SFU offer of a real pull of `target`'s video and audio (a session
 * made for it, returned so the caller can close it). Every later pull of the same two tracks into a
 * new session gets an offer with the same mids and payload types, which this answer fits.
 */
export async function capturePullAnswer(client: CallsClient, target: OurFeed): Promise<{ answer: Description; sessionId: string }> {
  const peer = new NdcPeer('captured-subscriber');
  try {
    const { sessionId } = await client.newSession();
    const pulled = await client.newTracks(sessionId, {
      tracks: (['video', 'audio'] as const).map((kind) => ({ location: 'remote', sessionId: target.sessionId, trackName: target.trackNames[kind]! })),
    });
    if (!pulled.sessionDescription || pulled.tracks.some((t) => t.errorCode)) throw new Error(`capture pull failed: ${JSON.stringify(pulled.tracks)}`);
    return { answer: await peer.answer(pulled.sessionDescription), sessionId };
  } finally {
    peer.close();
  }
}
