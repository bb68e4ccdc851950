import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, hostname, networkInterfaces } from 'node:os';
import type { types } from 'mediasoup';
import { defaultGraphQLLimits, type GraphQLLimits } from '../../schema/server/limits.js';
import type { AppConfig } from '../service/apps/AppRegistry.js';
import type { LogLevel } from '../service/Logger.js';
import type { SessionTiming } from '../service/session/Session.js';
import type { ServiceLimits } from '../service/SfuService.js';

/** Everything the server can be told. Each option: its environment variable, then its default. */
export interface Config {
  /** HTTP listen address. `SFU_HOST`, @default "0.0.0.0" */
  host: string;
  /** HTTP port (0 picks a free one). `SFU_PORT` or `PORT`, @default 8787 */
  port: number;
  /** Service log level. `SFU_LOG_LEVEL`, @default "info" */
  logLevel: LogLevel;
  /**
   * Apps and their secrets. `SFU_APPS` as `id:secret,id2:secret2`, or `apps` in the config file.
   * When none are given, the ones in `<dataDir>/apps.json` are used, and on first start one is
   * created there.
   */
  apps: AppConfig[];
  /** Where generated state (the first app) is kept. `SFU_DATA_DIR`, @default "./data" */
  dataDir: string;
  /**
   * On SIGTERM/SIGINT, how long live sessions may go on (new ones refused, readiness false) before
   * they are closed with reason `shutdown`. `SFU_DRAIN_TIMEOUT_MS`, @default 30000
   */
  drainTimeoutMs: number;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. `SFU_METRICS_TOKEN`, @default unset: open */
  metricsToken?: string;
  media: {
    /** mediasoup workers. `SFU_WORKERS`, @default one per CPU core */
    workers: number;
    /** Address media sockets bind to. `SFU_RTC_LISTEN_IP`, @default "0.0.0.0" */
    listenIp: string;
    /**
     * Address put in ICE candidates: the public one when behind NAT. `SFU_ANNOUNCED_ADDRESS`,
     * @default the listen IP, or when that is a wildcard the first non-internal IPv4 (else 127.0.0.1)
     */
    announcedAddress?: string;
    /**
     * One UDP+TCP port for all sessions of a worker (mediasoup WebRtcServer); worker i uses
     * `rtcPort + i`. `SFU_RTC_PORT`, @default unset: each session gets its own port from the range
     */
    rtcPort?: number;
    /** Port range for per-session ports. `SFU_RTC_MIN_PORT` / `SFU_RTC_MAX_PORT`, @default 40000-49999 */
    rtcMinPort: number;
    rtcMaxPort: number;
    /** mediasoup worker log level. `SFU_MEDIASOUP_LOG_LEVEL`, @default "warn" */
    logLevel: types.WorkerLogLevel;
  };
  /** When sessions are given up on: the service's own type, with its variables and defaults. */
  timing: SessionTiming;
  /** The service's limits and quotas (its own type), and the largest request body both faces accept. */
  limits: ServiceLimits & {
    /** Largest request body, and GraphQL WebSocket message. `SFU_MAX_BODY_BYTES`, @default 1048576 */
    maxBodyBytes: number;
  };
  /** What one GraphQL operation or subscriber may cost the server. */
  graphql: GraphQLLimits;
  /** Cluster mode (docs/cluster.md): on when `SFU_REDIS_URL` is set; one process with in-memory state otherwise. */
  cluster?: ClusterConfig;
}

export interface ClusterConfig {
  /** The shared store, Redis >= 7. `SFU_REDIS_URL` */
  redisUrl: string;
  /** This instance's id in the cluster. `SFU_INSTANCE_ID`, @default "<hostname>-<random>": a restarted process is a new instance */
  instanceId: string;
  /** Where the other instances reach this one. `SFU_INTERNAL_URL`, @default http://<announced address>:<port> */
  internalUrl?: string;
  /** Authenticates instances to each other (at least 16 characters, the same on all). `SFU_CLUSTER_SECRET` */
  secret: string;
  /** An instance whose heartbeat is this old is lost: its sessions are reported left. `SFU_INSTANCE_TTL_MS`, @default 5000 */
  instanceTtlMs: number;
  /** Ports for pipe transports between hosts. `SFU_PIPE_MIN_PORT` / `SFU_PIPE_MAX_PORT`, @default the media range */
  pipePorts?: { min: number; max: number };
}


export type ConfigInput = Partial<Omit<Config, 'media' | 'timing' | 'limits' | 'graphql' | 'cluster'>> & {
  cluster?: Partial<ClusterConfig>;
  media?: Partial<Config['media']>;
  timing?: Partial<Config['timing']>;
  limits?: Partial<Config['limits']>;
  graphql?: Partial<Config['graphql']>;
};

export const defaultConfig: Config = {
  host: '0.0.0.0',
  port: 8787,
  logLevel: 'info',
  apps: [],
  dataDir: './data',
  drainTimeoutMs: 30_000,
  media: {
    workers: Math.max(1, cpus().length),
    listenIp: '0.0.0.0',
    rtcMinPort: 40000,
    rtcMaxPort: 49999,
    logLevel: 'warn',
  },
  timing: { connectTimeoutMs: 60_000, livenessTimeoutMs: 15_000, trackInactiveMs: 30_000 },
  limits: {
    maxTracksPerRequest: 64,
    emptyTrackTimeoutMs: 5_000,
    closedSessionMemoryMs: 3_600_000,
    maxBodyBytes: 1_048_576,
    callsPerSecondPerSession: 50,
    transportWaitMs: 5_000,
    dataChannelAckTimeoutMs: 30_000,
    maxTracksPerSession: 256,
    maxSectionsPerSession: 512,
    maxDataChannelsPerSession: 256,
    maxSessionsPerApp: 1000,
    maxSessionsPerParticipant: 8,
    sessionsPerSecondPerApp: 500,
    maxMetadataBytes: 16_384,
    maxMetadataDepth: 16,
    adapterJpegFps: 1,
  },
  graphql: defaultGraphQLLimits,
};

/** Defaults, then the JSON file named by `SFU_CONFIG`, then environment variables, then `overrides`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  const file: ConfigInput = env['SFU_CONFIG'] ? JSON.parse(readFileSync(env['SFU_CONFIG'], 'utf8')) : {};
  return resolveConfig(merge(merge(file, fromEnv(env)), overrides));
}

/** Fills defaults, validates, and resolves the announced address. */
export function resolveConfig(input: ConfigInput): Config {
  const { cluster, ...rest } = input;
  const config: Config = {
    ...defaultConfig,
    ...rest,
    ...(cluster?.redisUrl ? { cluster: resolveCluster(cluster) } : {}),
    media: { ...defaultConfig.media, ...input.media },
    timing: { ...defaultConfig.timing, ...input.timing },
    limits: { ...defaultConfig.limits, ...input.limits },
    graphql: { ...defaultConfig.graphql, ...input.graphql },
  };
  validate(config);
  config.media.announcedAddress ??= defaultAnnouncedAddress(config.media.listenIp);
  return config;
}

function fromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const number = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`${name} must be a number, got "${value}"`);
    return parsed;
  };
  const boolean = (name: string): boolean | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new Error(`${name} must be true or false, got "${value}"`);
  };
  const input: ConfigInput = {
    host: env['SFU_HOST'],
    port: number('SFU_PORT') ?? number('PORT'),
    logLevel: env['SFU_LOG_LEVEL'] as LogLevel | undefined,
    dataDir: env['SFU_DATA_DIR'],
    drainTimeoutMs: number('SFU_DRAIN_TIMEOUT_MS'),
    metricsToken: env['SFU_METRICS_TOKEN'] || undefined,
    apps: env['SFU_APPS'] ? parseApps(env['SFU_APPS']) : undefined,
    cluster: env['SFU_REDIS_URL']
      ? {
          redisUrl: env['SFU_REDIS_URL'],
          instanceId: env['SFU_INSTANCE_ID'],
          internalUrl: env['SFU_INTERNAL_URL'],
          secret: env['SFU_CLUSTER_SECRET'],
          instanceTtlMs: number('SFU_INSTANCE_TTL_MS'),
          pipePorts:
            env['SFU_PIPE_MIN_PORT'] && env['SFU_PIPE_MAX_PORT'] ? { min: number('SFU_PIPE_MIN_PORT')!, max: number('SFU_PIPE_MAX_PORT')! } : undefined,
        }
      : undefined,
    media: {
      workers: number('SFU_WORKERS'),
      listenIp: env['SFU_RTC_LISTEN_IP'],
      announcedAddress: env['SFU_ANNOUNCED_ADDRESS'],
      rtcPort: number('SFU_RTC_PORT'),
      rtcMinPort: number('SFU_RTC_MIN_PORT'),
      rtcMaxPort: number('SFU_RTC_MAX_PORT'),
      logLevel: env['SFU_MEDIASOUP_LOG_LEVEL'] as types.WorkerLogLevel | undefined,
    },
    timing: {
      connectTimeoutMs: number('SFU_CONNECT_TIMEOUT_MS'),
      livenessTimeoutMs: number('SFU_LIVENESS_TIMEOUT_MS'),
      trackInactiveMs: number('SFU_TRACK_INACTIVE_MS'),
    },
    limits: {
      maxTracksPerRequest: number('SFU_MAX_TRACKS_PER_REQUEST'),
      emptyTrackTimeoutMs: number('SFU_EMPTY_TRACK_TIMEOUT_MS'),
      closedSessionMemoryMs: number('SFU_CLOSED_SESSION_MEMORY_MS'),
      maxBodyBytes: number('SFU_MAX_BODY_BYTES'),
      callsPerSecondPerSession: number('SFU_CALLS_PER_SECOND'),
      transportWaitMs: number('SFU_TRANSPORT_WAIT_MS'),
      dataChannelAckTimeoutMs: number('SFU_DATACHANNEL_ACK_TIMEOUT_MS'),
      maxTracksPerSession: number('SFU_MAX_TRACKS_PER_SESSION'),
      maxSectionsPerSession: number('SFU_MAX_SECTIONS_PER_SESSION'),
      maxDataChannelsPerSession: number('SFU_MAX_DATACHANNELS_PER_SESSION'),
      maxSessionsPerApp: number('SFU_MAX_SESSIONS_PER_APP'),
      maxSessionsPerParticipant: number('SFU_MAX_SESSIONS_PER_PARTICIPANT'),
      sessionsPerSecondPerApp: number('SFU_SESSIONS_PER_SECOND_PER_APP'),
      maxMetadataBytes: number('SFU_MAX_METADATA_BYTES'),
      maxMetadataDepth: number('SFU_MAX_METADATA_DEPTH'),
      adapterJpegFps: number('SFU_ADAPTER_JPEG_FPS'),
    },
    graphql: {
      maxTokens: number('SFU_GRAPHQL_MAX_TOKENS'),
      maxDepth: number('SFU_GRAPHQL_MAX_DEPTH'),
      maxAliases: number('SFU_GRAPHQL_MAX_ALIASES'),
      maxDirectives: number('SFU_GRAPHQL_MAX_DIRECTIVES'),
      maxCost: number('SFU_GRAPHQL_MAX_COST'),
      maxFields: number('SFU_GRAPHQL_MAX_FIELDS'),
      subscriberBuffer: number('SFU_GRAPHQL_SUBSCRIBER_BUFFER'),
      maxSubscriptionsPerApp: number('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_APP'),
      maxSubscriptionsPerParticipant: number('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_PARTICIPANT'),
      maxSubscriptionsPerConnection: number('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_CONNECTION'),
      connectionInitTimeoutMs: number('SFU_GRAPHQL_CONNECTION_INIT_TIMEOUT_MS'),
      suggestions: boolean('SFU_GRAPHQL_SUGGESTIONS'),
    },
  };
  return dropUndefined(input) as ConfigInput;
}

/** `id:secret,id2:secret2` (a secret may contain ':'). */
export function parseApps(value: string): AppConfig[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      if (colon <= 0 || colon === entry.length - 1) throw new Error('SFU_APPS entries must look like id:secret');
      return { id: entry.slice(0, colon), secret: entry.slice(colon + 1) };
    });
}

function resolveCluster(input: Partial<ClusterConfig>): ClusterConfig {
  return {
    redisUrl: input.redisUrl!,
    instanceId: input.instanceId ?? `${hostname().replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 48)}-${randomBytes(4).toString("hex")}`,
    secret: input.secret ?? '',
    instanceTtlMs: input.instanceTtlMs ?? 5_000,
    ...(input.internalUrl ? { internalUrl: input.internalUrl } : {}),
    ...(input.pipePorts ? { pipePorts: input.pipePorts } : {}),
  };
}

function validate(config: Config): void {
  const problems: string[] = [];
  if (config.cluster) {
    const { redisUrl, secret, instanceTtlMs, instanceId } = config.cluster;
    if (!/^rediss?:\/\//.test(redisUrl)) problems.push(`SFU_REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);
    if (secret.length < 16) problems.push('cluster mode needs SFU_CLUSTER_SECRET, at least 16 characters and the same on every instance');
    if (!Number.isFinite(instanceTtlMs) || instanceTtlMs < 1000) problems.push('SFU_INSTANCE_TTL_MS must be at least 1000');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(instanceId)) problems.push(`SFU_INSTANCE_ID "${instanceId}" must be 1-64 of [A-Za-z0-9_.-]`);
  }
  const port = (name: string, value: number | undefined, min = 0): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > 65535)) {
      problems.push(`${name} must be a port number, got ${value}`);
    }
  };
  port('port', config.port);
  port('media.rtcPort', config.media.rtcPort, 1);
  port('media.rtcMinPort', config.media.rtcMinPort, 1);
  port('media.rtcMaxPort', config.media.rtcMaxPort, 1);
  if (config.media.rtcMinPort > config.media.rtcMaxPort) problems.push('media.rtcMinPort must not exceed media.rtcMaxPort');
  if (!Number.isFinite(config.drainTimeoutMs) || config.drainTimeoutMs < 0) problems.push('SFU_DRAIN_TIMEOUT_MS must be a number >= 0');
  if (!Number.isInteger(config.media.workers) || config.media.workers < 1) problems.push('media.workers must be >= 1');
  if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel)) problems.push(`logLevel "${config.logLevel}" is not debug|info|warn|error`);
  for (const app of config.apps) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(app.id)) problems.push(`app id "${app.id}" must be 1-128 of [A-Za-z0-9_-]`);
    if (!app.secret || app.secret.length < 8) problems.push(`app ${app.id}: secret must have at least 8 characters`);
  }
  const { suggestions, ...graphqlNumbers } = config.graphql;
  for (const [name, value] of Object.entries({ ...config.timing, ...config.limits, ...graphqlNumbers })) {
    if (!Number.isFinite(value) || value <= 0) problems.push(`${name} must be a positive number`);
  }
  const fps = config.limits.adapterJpegFps;
  if (fps !== undefined && Number.isFinite(fps) && fps > 30) problems.push(`SFU_ADAPTER_JPEG_FPS must be at most 30, got ${fps}`);
  if (typeof suggestions !== 'boolean') problems.push('graphql.suggestions must be true or false');
  if (problems.length > 0) throw new Error(`invalid configuration:\n- ${problems.join('\n- ')}`);
}

function defaultAnnouncedAddress(listenIp: string): string | undefined {
  if (listenIp !== '0.0.0.0' && listenIp !== '::') return undefined;
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}

function merge(base: ConfigInput, over: ConfigInput): ConfigInput {
  return {
    ...base,
    ...over,
    media: { ...base.media, ...over.media },
    timing: { ...base.timing, ...over.timing },
    limits: { ...base.limits, ...over.limits },
    graphql: { ...base.graphql, ...over.graphql },
    ...(base.cluster || over.cluster ? { cluster: { ...base.cluster, ...over.cluster } } : {}),
  };
}

function dropUndefined(value: object): object {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? dropUndefined(v) : v]),
  );
}
