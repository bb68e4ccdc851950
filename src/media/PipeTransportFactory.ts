import type { types } from 'mediasoup';
import type { PipeTuple } from './HostPipeMessages.js';

export interface PipeTransportFactoryOptions {
  /** Address pipe sockets bind to. */
  listenIp: string;
  /** Address the other hosts send to, when not `listenIp` (NAT, 0.0.0.0 binds). */
  announcedAddress?: string;
  /**
   * Ports for pipe sockets, when they must differ from the worker's `rtcMinPort`..`rtcMaxPort`
   * (e.g. a range only open between hosts). @default the worker's range, mediasoup picks
   */
  portRange?: { min: number; max: number };
}

/** Most ports tried per transport before giving up on a crowded `portRange`. */
const MAX_PORT_ATTEMPTS = 32;

/**
 * Opens the pipe transports of one instance: SRTP (mediasoup 3.12 pipes speak AEAD_AES_256_GCM
 * only), SCTP for data producers, RTX/NACK for loss between hosts; all on the instance's address.
 */
export class PipeTransportFactory {
  #nextPort: number;

  constructor(private readonly options: PipeTransportFactoryOptions) {
    this.#nextPort = options.portRange?.min ?? 0;
  }

  async create(router: types.Router, appData: Record<string, unknown>): Promise<types.PipeTransport> {
    const { listenIp, announcedAddress, portRange } = this.options;
    const base = {
      listenIp: { ip: listenIp, ...(announcedAddress ? { announcedIp: announcedAddress } : {}) },
      enableSctp: true,
      numSctpStreams: { OS: 1024, MIS: 1024 },
      enableRtx: true,
      enableSrtp: true,
      appData,
    };
    if (!portRange) return router.createPipeTransport(base);
    const attempts = Math.min(MAX_PORT_ATTEMPTS, portRange.max - portRange.min + 1);
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = this.#takePort(portRange);
      try {
        return await router.createPipeTransport({ ...base, port });
      } catch (error) {
        if (!/in use/i.test((error as Error).message)) throw error;
        lastError = error;
      }
    }
    throw new Error(`no free pipe port in ${portRange.min}-${portRange.max} on ${listenIp} after ${attempts} tries`, {
      cause: lastError,
    });
  }

  /** The tuple the other host connects to (the announced address when there is one). */
  static tupleOf(transport: types.PipeTransport): PipeTuple {
    return { ip: transport.tuple.localIp, port: transport.tuple.localPort };
  }

  #takePort(range: { min: number; max: number }): number {
    const port = this.#nextPort;
    this.#nextPort = port >= range.max ? range.min : port + 1;
    return port;
  }
}
