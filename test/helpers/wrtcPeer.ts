import wrtc from '@roamhq/wrtc';
import type { Description } from './callsClient.js';

const { RTCPeerConnection, nonstandard } = wrtc;

/** Fills a frame's luma plane (I420) for frame number `tick`. */
export type FramePainter = (frame: Uint8Array, width: number, height: number, tick: number) => void;

/** Flat frames whose brightness changes each frame: cheap to encode, but every frame differs. */
const flatFrames: FramePainter = (frame, width, height, tick) => frame.fill(tick % 255, 0, width * height);

/** Frames of one solid colour, given as I420 Y, U and V (BT.601 limited range). */
export function solidFrames(y: number, u: number, v: number): FramePainter {
  return (frame, width, height) => {
    const luma = width * height;
    frame.fill(y, 0, luma);
    frame.fill(u, luma, luma + luma / 4);
    frame.fill(v, luma + luma / 4);
  };
}

/** Synthetic camera and microphone: real frames and samples that libwebrtc encodes to VP8 and Opus. */
export class SyntheticMedia {
  readonly videoSource = new nonstandard.RTCVideoSource();
  readonly audioSource = new nonstandard.RTCAudioSource();
  readonly videoTrack = this.videoSource.createTrack();
  readonly audioTrack = this.audioSource.createTrack();
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(
    readonly width = 320,
    readonly height = 240,
    paint: FramePainter = flatFrames,
    fps = 30,
  ) {
    const frame = new Uint8Array((width * height * 3) / 2).fill(128);
    let tick = 0;
    this.#timers.push(
      setInterval(() => {
        paint(frame, width, height, tick++);
        this.videoSource.onFrame({ width, height, data: frame });
      }, 1000 / fps),
    );
    const samples = new Int16Array(480);
    let phase = 0;
    this.#timers.push(
      setInterval(() => {
        for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48000));
        this.audioSource.onData({ samples, sampleRate: 48000 });
      }, 10),
    );
  }

  /** Stops the frame and sample timers and both tracks. Safe to call twice. */
  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.videoTrack.stop();
    this.audioTrack.stop();
  }
}

export interface ReceivedVideo {
  frames: number;
  width: number;
  height: number;
}

/** Decoded audio of one transceiver: the first channel's most recent samples (two to four seconds). */
export interface ReceivedAudio {
  samples: number[];
  sampleRate: number;
}

const keptAudioSamples = 96_000;

/** A libwebrtc PeerConnection in Node, with helpers to count what it decodes. */
export class WrtcPeer {
  readonly pc: RTCPeerConnection;
  /** Decoded video per transceiver mid. */
  readonly video = new Map<string, ReceivedVideo>();
  /** Decoded audio per transceiver mid. */
  readonly audio = new Map<string, ReceivedAudio>();
  readonly #sinks: { stop(): void }[] = [];

  /**
   * `hearAudio`: keep the decoded samples of every received audio track (in `audio`). `rtc`: more
   * of the RTCConfiguration (ICE servers, `iceTransportPolicy`).
   */
  constructor({ hearAudio = false, rtc = {} }: { hearAudio?: boolean; rtc?: RTCConfiguration } = {}) {
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', ...rtc });
    this.pc.addEventListener('track', (event: RTCTrackEvent) => {
      const mid = event.transceiver.mid ?? '?';
      if (event.track.kind === 'audio') {
        if (hearAudio) this.#hear(mid, event.track);
        return;
      }
      if (event.track.kind !== 'video') return;
      const received: ReceivedVideo = { frames: 0, width: 0, height: 0 };
      this.video.set(mid, received);
      const sink = new nonstandard.RTCVideoSink(event.track);
      sink.onframe = ({ frame }: { frame: { width: number; height: number } }) => {
        received.frames++;
        received.width = frame.width;
        received.height = frame.height;
      };
      this.#sinks.push(sink);
    });
  }

  #hear(mid: string, track: MediaStreamTrack): void {
    const received: ReceivedAudio = { samples: [], sampleRate: 48_000 };
    this.audio.set(mid, received);
    const sink = new nonstandard.RTCAudioSink(track);
    sink.ondata = ({ samples, sampleRate, channelCount }: { samples: Int16Array; sampleRate: number; channelCount: number }) => {
      received.sampleRate = sampleRate;
      for (let i = 0; i < samples.length; i += channelCount) received.samples.push(samples[i]!);
      if (received.samples.length > 2 * keptAudioSamples) received.samples.splice(0, received.samples.length - keptAudioSamples);
    };
    this.#sinks.push(sink);
  }

  async offer(): Promise<Description> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.local();
  }

  async answer(offer: Description): Promise<Description> {
    await this.pc.setRemoteDescription(offer);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.local();
  }

  local(): Description {
    const { type, sdp } = this.pc.localDescription!;
    return { type: type as Description['type'], sdp };
  }

  mids(): string[] {
    return this.pc.getTransceivers().map((t: RTCRtpTransceiver) => t.mid ?? '');
  }

  /** Packets received on inbound RTP streams of `kind` (from getStats). */
  async packetsReceived(kind: 'audio' | 'video'): Promise<number> {
    const stats = await this.pc.getStats();
    let packets = 0;
    stats.forEach((report: { type: string; kind?: string; mediaType?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && (report.kind ?? report.mediaType) === kind) packets += report.packetsReceived ?? 0;
    });
    return packets;
  }

  /** Candidate types (`host`, `srflx`, `relay`, ...) of the pair ICE selected, from getStats. */
  async selectedCandidateTypes(): Promise<{ local?: string; remote?: string; protocol?: string }> {
    const stats = await this.pc.getStats();
    let pairId: string | undefined;
    stats.forEach((report: { type: string; selectedCandidatePairId?: string }) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) pairId = report.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    const local = pair ? stats.get(pair.localCandidateId) : undefined;
    const remote = pair ? stats.get(pair.remoteCandidateId) : undefined;
    return { local: local?.candidateType, remote: remote?.candidateType, protocol: local?.relayProtocol ?? local?.protocol };
  }

  /** mimeTypes of the codecs outbound RTP streams of `kind` are sending (from getStats). */
  async sentCodecs(kind: 'audio' | 'video'): Promise<string[]> {
    const stats = await this.pc.getStats();
    const codecs: string[] = [];
    stats.forEach((report: { type: string; kind?: string; codecId?: string }) => {
      if (report.type === 'outbound-rtp' && report.kind === kind && report.codecId) codecs.push(String(stats.get(report.codecId)?.mimeType));
    });
    return codecs;
  }

  close(): void {
    for (const sink of this.#sinks) sink.stop();
    this.pc.close();
  }
}

export { eventually } from './eventually.js';
