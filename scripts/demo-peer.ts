/**
 * `npm run demo-peer`: a real WebRTC publisher for the README's walk-through. It creates a session
 * on this server's REST API, publishes a 440 Hz tone as `mic` (mid 0) and a moving grey picture as
 * `cam` (mid 1) from a libwebrtc PeerConnection (@roamhq/wrtc), writes its session id to
 * `<dataDir>/demo-peer.json` and keeps sending until Ctrl-C, which closes the PeerConnection (the
 * session ends) and removes the file.
 *
 * `npm run -s demo-peer -- --answer`: reads an SFU offer (`{"type":"offer","sdp":...}`, or a
 * response carrying it as `sessionDescription`) on stdin, prints a PeerConnection's answer to it as
 * JSON, and exits: what step 3 of the walk-through sends to `renegotiate`. The answer is created,
 * never applied, so this PeerConnection never contacts the SFU.
 *
 * The app and port come from the config `npm start` reads (SFU_APPS, SFU_CONFIG, data/apps.json,
 * SFU_PORT); `--app` and `--url` override them. @roamhq/wrtc is a devDependency, which
 * `scripts/setup.sh` (`npm ci`) installs.
 */
import wrtc from '@roamhq/wrtc';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';

const { RTCPeerConnection, nonstandard } = wrtc;

const usage = `usage: npm run demo-peer [-- --app <id>] [--url <base>]
       npm run -s demo-peer -- --answer < offer.json

  (no flag)        publish "mic" and "cam" in a new session until Ctrl-C
  --answer         print a PeerConnection's answer to the SFU offer read on stdin, and exit
  --app <id>       which app (default: the first one of this server's config)
  --url <base>     the server (default http://127.0.0.1:<port of this server's config>)
`;

interface App {
  id: string;
  secret: string;
}

interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}

/** The app of this server's config: SFU_APPS or the config file, else `<dataDir>/apps.json` (never created here). */
function configuredApp(appId: string | undefined): { app: App; dataDir: string; port: number } {
  const config = loadConfig();
  let apps: App[] = config.apps;
  const appsFile = resolve(join(config.dataDir, 'apps.json'));
  if (apps.length === 0) {
    if (!existsSync(appsFile)) throw new Error(`no apps configured and no ${appsFile}: start the server once (npm start) to create one`);
    apps = (JSON.parse(readFileSync(appsFile, 'utf8')) as { apps: App[] }).apps;
  }
  const app = appId ? apps.find((a) => a.id === appId) : apps[0];
  if (!app) throw new Error(`no app ${appId} in this server's config (apps: ${apps.map((a) => a.id).join(', ')})`);
  return { app, dataDir: config.dataDir, port: config.port };
}

/** One REST call; fails with the server's error body on any status but 2xx. */
async function call<T>(base: string, app: App, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/v1/apps/${app.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${app.secret}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A 440 Hz tone and frames whose brightness sweeps: real samples and frames libwebrtc encodes to Opus and VP8. */
function syntheticMedia(width = 320, height = 240) {
  const videoSource = new nonstandard.RTCVideoSource();
  const audioSource = new nonstandard.RTCAudioSource();
  const frame = new Uint8Array((width * height * 3) / 2).fill(128);
  let tick = 0;
  const video = setInterval(() => {
    frame.fill((tick++ * 4) % 255, 0, width * height);
    videoSource.onFrame({ width, height, data: frame });
  }, 1000 / 30);
  const samples = new Int16Array(480);
  let phase = 0;
  const audio = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48_000));
    audioSource.onData({ samples, sampleRate: 48_000 });
  }, 10);
  const tracks = { audio: audioSource.createTrack(), video: videoSource.createTrack() };
  return {
    tracks,
    stop(): void {
      clearInterval(video);
      clearInterval(audio);
      tracks.audio.stop();
      tracks.video.stop();
    },
  };
}

function connected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected after ${timeoutMs} ms (ICE ${pc.iceConnectionState})`)), timeoutMs);
    const check = () => {
      if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
        clearTimeout(timer);
        resolvePromise();
      } else if (pc.iceConnectionState === 'failed') {
        clearTimeout(timer);
        reject(new Error('ICE failed'));
      }
    };
    pc.addEventListener('iceconnectionstatechange', check);
    check();
  });
}

async function publish(base: string, app: App, dataDir: string): Promise<void> {
  const media = syntheticMedia();
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const mic = pc.addTransceiver(media.tracks.audio, { direction: 'sendonly' });
  const cam = pc.addTransceiver(media.tracks.video, { direction: 'sendonly' });
  const { sessionId } = await call<{ sessionId: string }>(base, app, 'POST', '/sessions/new');
  await pc.setLocalDescription(await pc.createOffer());
  const pushed = await call<{ sessionDescription: Description }>(base, app, 'POST', `/sessions/${sessionId}/tracks/new`, {
    sessionDescription: { type: 'offer', sdp: pc.localDescription!.sdp },
    tracks: [
      { location: 'local', mid: mic.mid, trackName: 'mic' },
      { location: 'local', mid: cam.mid, trackName: 'cam' },
    ],
  });
  await pc.setRemoteDescription(pushed.sessionDescription);
  await connected(pc, 10_000);

  const file = resolve(join(dataDir, 'demo-peer.json'));
  const tracks = [
    { trackName: 'mic', kind: 'audio', mid: mic.mid },
    { trackName: 'cam', kind: 'video', mid: cam.mid },
  ];
  writeFileSync(file, `${JSON.stringify({ appId: app.id, sessionId, tracks }, null, 2)}\n`);
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  process.stdout.write(
    `Publishing "mic" (audio, mid ${mic.mid}: a 440 Hz tone) and "cam" (video, mid ${cam.mid}: a grey sweep)\n` +
      `in session ${sessionId} (saved in ${shown}). Ctrl-C stops.\n`,
  );

  const stop = (code: number) => {
    media.stop();
    pc.close();
    rmSync(file, { force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  pc.addEventListener('iceconnectionstatechange', () => {
    if (pc.iceConnectionState === 'failed' || pc.iceConnectionState === 'closed') {
      process.stderr.write(`demo-peer: the connection to the SFU ${pc.iceConnectionState}\n`);
      stop(1);
    }
  });
}

async function answer(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Description | { sessionDescription: Description };
  const offer = 'sessionDescription' in input ? input.sessionDescription : input;
  if (offer?.type !== 'offer') throw new Error('stdin must hold an SFU offer: {"type":"offer","sdp":"..."}');
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  await pc.setRemoteDescription(offer);
  // Not setLocalDescription: that starts ICE, and the SFU (ICE-lite, its DTLS server from the first
  // STUN on) would complete the handshake before the answer reaches it; closing this PeerConnection
  // then sends a DTLS close_notify, and the SFU ends the session before `renegotiate` arrives.
  // An answer that was never applied sends nothing: the session just never connects.
  const { sdp } = await pc.createAnswer();
  process.stdout.write(`${JSON.stringify({ type: 'answer', sdp })}\n`);
  pc.close();
  process.exit(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      answer: { type: 'boolean', default: false },
      app: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (values.answer) return answer();
  const { app, dataDir, port } = configuredApp(values.app);
  await publish(values.url ?? `http://127.0.0.1:${port}`, app, dataDir);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-peer: ${(error as Error).message}\n`);
  process.exit(1);
});
