import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { routerMediaCodecs } from './routerCodecs.js';

export interface MediaWorkerOptions {
  /** Position in the pool; with a single RTC port, worker i listens on `rtcPort + i`. */
  index: number;
  logLevel: types.WorkerLogLevel;
  /** Address the media sockets bind to. */
  listenIp: string;
  /** Address written into ICE candidates (the public one behind NAT). */
  announcedAddress?: string;
  /** When set, all sessions of this worker share one UDP/TCP port (mediasoup WebRtcServer). */
  rtcPort?: number;
  rtcMinPort: number;
  rtcMaxPort: number;
}

/**
 * One mediasoup worker process with the single router the SFU uses on it. Sessions get their
 * WebRtcTransport here; closing the worker closes the router and every transport on it.
 */
export class MediaWorker {
  #sessions = 0;

  private constructor(
    readonly index: number,
    readonly worker: types.Worker,
    readonly router: types.Router,
    private readonly options: MediaWorkerOptions,
    private readonly webRtcServer?: types.WebRtcServer,
  ) {}

  static async create(options: MediaWorkerOptions): Promise<MediaWorker> {
    const worker = await mediasoup.createWorker({
      logLevel: options.logLevel,
      rtcMinPort: options.rtcMinPort,
      rtcMaxPort: options.rtcMaxPort,
    });
    try {
      const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
      let webRtcServer: types.WebRtcServer | undefined;
      if (options.rtcPort !== undefined) {
        const port = options.rtcPort + options.index;
        const announcedIp = options.announcedAddress;
        webRtcServer = await worker.createWebRtcServer({
          listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({
            protocol,
            ip: options.listenIp,
            port,
            ...(announcedIp ? { announcedIp } : {}),
          })),
        });
      }
      return new MediaWorker(options.index, worker, router, options, webRtcServer);
    } catch (error) {
      worker.close();
      throw error;
    }
  }

  get pid(): number {
    return this.worker.pid;
  }

  get sessionCount(): number {
    return this.#sessions;
  }

  get closed(): boolean {
    return this.worker.closed;
  }

  /** A transport for one session; the worker counts it until it closes. */
  async createTransport(appData: Record<string, unknown>): Promise<types.WebRtcTransport> {
    const common = { enableUdp: true, enableTcp: true, preferUdp: true, enableSctp: true, appData };
    const transport = this.webRtcServer
      ? await this.router.createWebRtcTransport({ ...common, webRtcServer: this.webRtcServer })
      : await this.router.createWebRtcTransport({
          ...common,
          listenIps: [
            {
              ip: this.options.listenIp,
              ...(this.options.announcedAddress ? { announcedIp: this.options.announcedAddress } : {}),
            },
          ],
        });
    this.#sessions++;
    transport.observer.once('close', () => this.#sessions--);
    return transport;
  }

  close(): void {
    this.worker.close();
  }
}
