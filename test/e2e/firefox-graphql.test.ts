import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { videoDecodes } from '../helpers/browserClient.js';
import { firefoxTestsUnavailable, startFirefoxHarness, type FirefoxHarness } from '../helpers/firefox.js';
import { testApps } from '../helpers/sfu.js';
import { accessToken } from '../helpers/tokens.js';

const unavailable = firefoxTestsUnavailable();
if (unavailable) console.warn(`skipping the Firefox GraphQL tests: ${unavailable}`);

/** What a page's GraphQL helper returns: the mutation's payload (its __typename says which). */
type Payload = Record<string, unknown> & {
  __typename: string;
  sessionId?: string;
  sessionDescription?: RTCSessionDescriptionInit;
  tracks?: ({ __typename: string; code?: string } & Record<string, unknown>)[];
};

declare global {
  interface Window {
    /** Runs one of the repo's operations (schema/operations/*.graphql) by name; resolves to the root field's payload. */
    gql(operationName: string, variables: Record<string, unknown>): Promise<Payload>;
  }
}

/**
 * Firefox ESR through the GraphQL API, REST data channels, and the room page. One Firefox and one
 * SFU (its worker in a network namespace, see test/helpers/netns.ts) for the file.
 */
describe.skipIf(unavailable)('Firefox as a client of the GraphQL API', () => {
  let harness: FirefoxHarness;
  const app = testApps[0];
  let publisher: Page;
  let publisherSession: string;
  let subscriber: Page;
  let subscriberSession: string;

  beforeAll(async () => {
    // A short liveness timeout bounds the leave of the room page even without a DTLS close.
    harness = await startFirefoxHarness({ timing: { livenessTimeoutMs: 4_000 } });
  });

  afterAll(() => harness?.close());

  /** A tab with the REST client and `window.gql` (the repo's GraphQL operations). */
  const open = async (): Promise<Page> => {
    const page = await harness.open();
    await page.evaluate(async (secret) => {
      const documents = await (await fetch('/example/operations.graphql')).text();
      window.gql = async (operationName, variables) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
          body: JSON.stringify({ query: documents, operationName, variables }),
        });
        const { data, errors } = await response.json();
        if (errors) throw new Error(`${operationName}: ${JSON.stringify(errors)}`);
        return Object.values(data as Record<string, Payload>)[0]!;
      };
    }, app.secret);
    return page;
  };

  it('publishes camera and microphone with max-bundle through createSession + addTracks, and another Firefox pulls and decodes it', async () => {
    publisher = await open();
    const published = await publisher.evaluate(async () => {
      const pc = window.client.pc('main', { bundlePolicy: 'max-bundle' });
      const stream = await window.client.media();
      const transceivers = stream.getTracks().map((track) => pc.addTransceiver(track, { direction: 'sendonly' }));
      const session = await window.gql('CreateSession', {});
      await pc.setLocalDescription(await pc.createOffer());
      const added = await window.gql('AddTracks', {
        sessionId: session.sessionId,
        input: {
          sessionDescription: { type: 'offer', sdp: pc.localDescription!.sdp },
          tracks: transceivers.map((t) => ({ location: 'local', mid: t.mid, trackName: t.sender.track!.kind })),
        },
      });
      await pc.setRemoteDescription(added.sessionDescription!);
      return { sessionId: session.sessionId!, typename: added.__typename, tracks: added.tracks! };
    });
    expect(published.typename).toBe('AddTracksPayload');
    expect(published.tracks.map((t) => [t.__typename, t['mid'], t['trackName']])).toEqual([
      ['AddedTrack', '0', 'audio'],
      ['AddedTrack', '1', 'video'],
    ]);
    publisherSession = published.sessionId;

    subscriber = await open();
    const pulled = await subscriber.evaluate(async (publisherSession) => {
      const pc = window.client.pc('main', { bundlePolicy: 'max-bundle' });
      const session = await window.gql('CreateSession', {});
      const tracks = ['video', 'audio'].map((trackName) => ({ location: 'remote', sessionId: publisherSession, trackName }));
      let added = await window.gql('AddTracks', { sessionId: session.sessionId, input: { tracks } });
      // A track can be pulled once its first packets reached the SFU.
      for (let attempt = 0; attempt < 20 && added.tracks!.some((t) => t.code === 'empty_track_error'); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        added = await window.gql('AddTracks', { sessionId: session.sessionId, input: { tracks } });
      }
      await pc.setRemoteDescription(added.sessionDescription!);
      await pc.setLocalDescription(await pc.createAnswer());
      const renegotiated = await window.gql('Renegotiate', {
        sessionId: session.sessionId,
        sessionDescription: { type: 'answer', sdp: pc.localDescription!.sdp },
      });
      return { sessionId: session.sessionId!, tracks: added.tracks!, renegotiated: renegotiated.__typename, answer: pc.localDescription!.sdp };
    }, publisherSession);
    expect(pulled.tracks.map((t) => t.__typename)).toEqual(['AddedTrack', 'AddedTrack']);
    expect(pulled.renegotiated).toBe('RenegotiatePayload');
    subscriberSession = pulled.sessionId;
    const video = await videoDecodes(subscriber, 'main', String(pulled.tracks[0]!['mid']));
    expect(video.frameWidth).toBeGreaterThan(0);
  });

  it('closes the pulled video through closeTracks with a negotiated Firefox offer', async () => {
    const closed = await subscriber.evaluate(async (sessionId) => {
      const pc = window.client.pcs['main']!;
      // The video is the first m-line: set inactive, not stop() (see docs/rest-api.md, Firefox).
      pc.getTransceivers().find((t) => t.mid === '0')!.direction = 'inactive';
      const audio = pc.getTransceivers().find((t) => t.mid === '1')!;
      audio.stop();
      await pc.setLocalDescription(await pc.createOffer());
      const result = await window.gql('CloseTracks', {
        sessionId,
        input: { mids: ['0', '1'], force: false, sessionDescription: { type: 'offer', sdp: pc.localDescription!.sdp } },
      });
      await pc.setRemoteDescription(result.sessionDescription!);
      return { typename: result.__typename, signaling: pc.signalingState };
    }, subscriberSession);
    expect(closed).toEqual({ typename: 'CloseTracksPayload', signaling: 'stable' });
    const session = await subscriber.evaluate(async (id) => (await window.client.call('GET', `/sessions/${id}`)).body, subscriberSession);
    expect((session['tracks'] as { status: string }[]).map((t) => t.status)).toEqual(['inactive', 'inactive']);
  });

  it('data channels (datachannels/*) between two Firefox sessions: SCTP added to a max-bundle PeerConnection by an SFU offer', async () => {
    const establish = (page: Page, sessionId: string) =>
      page.evaluate(async (sessionId) => {
        const pc = window.client.pcs['main']!;
        const opened = new Promise<string>((resolve) => pc.addEventListener('datachannel', (e) => resolve(e.channel.label), { once: true }));
        const { body } = await window.client.call('POST', `/sessions/${sessionId}/datachannels/establish`, {
          dataChannel: { location: 'remote', dataChannelName: 'server-events' },
        });
        await pc.setRemoteDescription(body.sessionDescription!);
        await pc.setLocalDescription(await pc.createAnswer());
        const renegotiated = await window.client.call('PUT', `/sessions/${sessionId}/renegotiate`, { sessionDescription: pc.localDescription });
        const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('no channel in 10 s'), 10_000));
        return { status: renegotiated.status, answer: pc.localDescription!.sdp, label: await Promise.race([opened, timeout]) };
      }, sessionId);
    const [atPublisher, atSubscriber] = [await establish(publisher, publisherSession), await establish(subscriber, subscriberSession)];
    expect(atPublisher).toMatchObject({ status: 200, label: 'server-events' });
    expect(atPublisher.answer).toMatch(/a=group:BUNDLE 0 1 2\r\n/);
    expect(atSubscriber).toMatchObject({ status: 200, label: 'server-events' });

    const id = await publisher.evaluate(async (sessionId) => {
      const { body } = await window.client.call('POST', `/sessions/${sessionId}/datachannels/new`, {
        dataChannels: [{ location: 'local', dataChannelName: 'chat' }],
      });
      const { id } = (body['dataChannels'] as { id: number }[])[0]!;
      const channel = window.client.pcs['main']!.createDataChannel('chat', { negotiated: true, id });
      Object.assign(window, { chat: channel });
      return id;
    }, publisherSession);
    expect(id % 2).toBe(1);
    const received = subscriber.evaluate(
      async ({ sessionId, publisherSession }) => {
        const { body } = await window.client.call('POST', `/sessions/${sessionId}/datachannels/new`, {
          dataChannels: [{ location: 'remote', sessionId: publisherSession, dataChannelName: 'chat' }],
        });
        const { id } = (body['dataChannels'] as { id: number }[])[0]!;
        const channel = window.client.pcs['main']!.createDataChannel('chat', { negotiated: true, id });
        const messages: string[] = [];
        return new Promise<string[]>((resolve) => {
          const timer = setTimeout(() => resolve(messages), 10_000);
          channel.onmessage = (event) => {
            messages.push(String(event.data));
            if (messages.length === 3) {
              clearTimeout(timer);
              resolve(messages);
            }
          };
          channel.onopen = () => document.title = 'chat open';
        });
      },
      { sessionId: subscriberSession, publisherSession },
    );
    await subscriber.waitForFunction(() => document.title === 'chat open', { timeout: 10_000 });
    await publisher.evaluate(async () => {
      const chat = (window as unknown as { chat: RTCDataChannel }).chat;
      for (let i = 0; i < 50 && chat.readyState !== 'open'; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      for (const message of ['one', 'two', 'three']) chat.send(message);
    });
    expect(await received).toEqual(['one', 'two', 'three']);
  });

  it("the room page: two Firefox pages in one room each show the other's video, and a leaver disappears", async () => {
    const join = async (name: string) => {
      const page = await harness.browser.newPage();
      const token = await accessToken({ room: 'firefox', identity: name, name });
      await page.goto(`${harness.sfu.url}/#token=${token}`);
      return page;
    };
    const ann = await join('ann');
    const bob = await join('bob');
    for (const [page, other] of [
      [ann, 'bob'],
      [bob, 'ann'],
    ] as const) {
      await page.waitForFunction(
        (name: string) =>
          [...document.querySelectorAll('figure[data-session]')].some(
            (f) => f.querySelector('figcaption')?.textContent === name && f.querySelector('video')!.videoWidth > 0,
          ),
        { timeout: 30_000 },
        other,
      );
    }
    await bob.close({ runBeforeUnload: true });
    await ann.waitForFunction(() => document.querySelectorAll('figure[data-session]:not([data-local])').length === 0, { timeout: 30_000 });
  });
});
