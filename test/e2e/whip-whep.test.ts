import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';
import { eventually, SyntheticMedia, WrtcPeer } from '../helpers/wrtcPeer.js';

/**
 * The calls a WHIP/WHEP gateway written for the hosted service makes (the shape of Cloudflare's
 * public whip-whep-server example): ingest with autoDiscover, play with an SFU offer, and the
 * answer sent to `renegotiate` with POST.
 */
describe('a WHIP/WHEP gateway written for the hosted service', () => {
  let sfu: RunningSfu;
  const media = new SyntheticMedia();
  const ingest = new WrtcPeer();
  const player = new WrtcPeer();

  beforeAll(async () => {
    sfu = await startSfu();
  });

  afterAll(async () => {
    ingest.close();
    player.close();
    media.stop();
    await sfu?.stop();
  });

  it('ingests with autoDiscover and plays through an SFU offer answered with POST renegotiate', async () => {
    const endpoint = `${sfu.url}/v1/apps/${testApps[0].id}`;
    const headers = { Authorization: `Bearer ${testApps[0].secret}` };
    const call = async (method: string, path: string, body?: unknown) =>
      (await fetch(`${endpoint}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })).json();

    // WHIP: the encoder's offer goes to tracks/new with autoDiscover; its answer back to the encoder.
    ingest.pc.addTransceiver(media.audioTrack, { direction: 'sendonly' });
    ingest.pc.addTransceiver(media.videoTrack, { direction: 'sendonly' });
    const ingestSession = (await call('POST', '/sessions/new')) as { sessionId: string };
    const ingested = (await call('POST', `/sessions/${ingestSession.sessionId}/tracks/new`, {
      sessionDescription: { type: 'offer', sdp: (await ingest.offer()).sdp },
      autoDiscover: true,
    })) as { tracks: { trackName: string; mid: string }[]; sessionDescription: { sdp: string } };
    await ingest.pc.setRemoteDescription({ type: 'answer', sdp: ingested.sessionDescription.sdp });
    const tracks = ingested.tracks.map((t) => ({ location: 'remote', sessionId: ingestSession.sessionId, trackName: t.trackName }));
    expect(tracks).toHaveLength(2);

    // WHEP: a new session pulls them; the SFU's offer goes to the player, whose answer is POSTed back.
    const playSession = (await call('POST', '/sessions/new')) as { sessionId: string };
    const played = (await call('POST', `/sessions/${playSession.sessionId}/tracks/new`, { tracks })) as {
      tracks: { mid: string }[];
      sessionDescription: { sdp: string };
    };
    const answer = await player.answer({ type: 'offer', sdp: played.sessionDescription.sdp });
    const renegotiated = await fetch(`${endpoint}/sessions/${playSession.sessionId}/renegotiate`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sessionDescription: { type: 'answer', sdp: answer.sdp } }),
    });
    expect(renegotiated.status).toBe(200);
    const videoMid = played.tracks[1]!.mid;
    await eventually('the player decodes the ingested video', () => (player.video.get(videoMid)?.frames ?? 0) > 5);
    await eventually('and receives its audio', async () => (await player.packetsReceived('audio')) > 20);
  });

  it('pairs a standard WHEP player\'s own recvonly offer with the tracks by kind, without mids', async () => {
    const endpoint = `${sfu.url}/v1/apps/${testApps[0].id}`;
    const headers = { Authorization: `Bearer ${testApps[0].secret}` };
    const call = async (method: string, path: string, body?: unknown) =>
      (await fetch(`${endpoint}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })).json();
    const ingest = (await (await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ sessions { sessions { sessionId tracks { trackName kind location } } } }' }),
    })).json()) as { data: { sessions: { sessions: { sessionId: string; tracks: { trackName: string; kind: string; location: string }[] }[] } } };
    const publisher = ingest.data.sessions.sessions.find((s) => s.tracks.some((t) => t.location === 'local'))!;
    // The gateway lists the tracks in its own order (video first) and names no mids.
    const tracks = [...publisher.tracks]
      .sort((a) => (a.kind === 'video' ? -1 : 1))
      .map((t) => ({ location: 'remote', sessionId: publisher.sessionId, trackName: t.trackName }));

    const whep = new WrtcPeer();
    try {
      whep.pc.addTransceiver('audio', { direction: 'recvonly' });
      whep.pc.addTransceiver('video', { direction: 'recvonly' });
      const { sessionId } = (await call('POST', '/sessions/new')) as { sessionId: string };
      const result = (await call('POST', `/sessions/${sessionId}/tracks/new`, {
        sessionDescription: { type: 'offer', sdp: (await whep.offer()).sdp },
        tracks,
      })) as { tracks: { mid?: string; errorCode?: string }[]; sessionDescription: { type: 'answer'; sdp: string } };
      expect(result.tracks.map((t) => [t.mid, t.errorCode])).toEqual([
        ['1', undefined],
        ['0', undefined],
      ]);
      expect(result.sessionDescription.sdp).toMatch(/a=mid:1\r\n(?:.*\r\n)*?a=sendonly/);
      await whep.pc.setRemoteDescription(result.sessionDescription);
      // Audio reaches it. (Video does not: wrtc's libwebrtc, M106, reads MID at its offer's id 4,
      // where mediasoup writes abs-send-time; see docs/rest-api.md, "Pull with an offer".)
      await eventually('the WHEP player receives audio', async () => (await whep.packetsReceived('audio')) > 20);
    } finally {
      whep.close();
    }
  });
});
