import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, hostname, networkInterfaces } from 'node:os';
import type { types } from 'mediasoup';
import { ConfigError, describeIssues, nameIn, type ConfigSource } from './configErrors.js';
import { configSchema, listOptions, type ConfigSchemaInput } from './configSchema.js';
import { defaultGraphQLLimits, type GraphQLLimits } from '../../schema/server/limits.js';
import type { AppConfig } from '../service/apps/AppRegistry.js';
import { stunUrlsOf } from '../service/turn/TurnCredentials.js';
import type { LogLevel } from '../service/Logger.js';
import type { SessionTiming } from '../service/session/Session.js';
import type { ServiceLimits } from '../service/SfuService.js';

/**
 * Everything the server can be told. Each option: its environment variable, then its default; its
 * config-file key is its path here (`media.workers`). `configSchema.ts` declares what each accepts.
 */
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
  /** Where generated state (`apps.json`: the apps `npm run apps` administers) is kept. `SFU_DATA_DIR`, @default "./data" */
  dataDir: string;
  /**
   * How long an app's old secret (and the access tokens it signed) stays valid after
   * `npm run apps -- rotate`. `SFU_APP_SECRET_GRACE_MS`, @default 86400000 (24 h)
   */
  appSecretGraceMs: number;
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
  /** HTTPS and WSS on the same port (docs/network.md): on when `SFU_TLS_CERT` and `SFU_TLS_KEY` are set. */
  tls?: TlsConfig;
  /** The TURN credential API (docs/network.md): on when `SFU_TURN_URLS` is set. */
  turn?: TurnConfig;
}

export interface TlsConfig {
  /** PEM certificate chain file, read at start and again on SIGHUP. `SFU_TLS_CERT` */
  certFile: string;
  /** PEM private key file of that certificate, read with it. `SFU_TLS_KEY` */
  keyFile: string;
}

export interface TurnConfig {
  /** TURN URLs handed to clients. `SFU_TURN_URLS`, comma-separated, e.g. `turn:turn.example.com:3478?transport=udp,turn:turn.example.com:3478?transport=tcp` */
  urls: string[];
  /** coturn's `static-auth-secret` (at least 16 characters). `SFU_TURN_SECRET` */
  secret: string;
  /** STUN URLs of the separate STUN entry. `SFU_STUN_URLS`, comma-separated, @default `stun:host:port` of each `turn:` URL */
  stunUrls: string[];
  /**
   * A TURN key of its own, as the hosted service has: its id goes in the path, its token in
   * `Authorization: Bearer`. `SFU_TURN_KEY_ID` / `SFU_TURN_KEY_TOKEN` (at least 16 characters),
   * @default unset: each app is a TURN key, its id the key id and its secret the token
   */
  key?: { id: string; token: string };
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


export type ConfigInput = Partial<Omit<Config, 'media' | 'timing' | 'limits' | 'graphql' | 'cluster' | 'tls' | 'turn'>> & {
  cluster?: Partial<Omit<ClusterConfig, 'pipePorts'>> & { pipePorts?: Partial<ClusterConfig['pipePorts'] & object> };
  tls?: Partial<TlsConfig>;
  turn?: Partial<Omit<TurnConfig, 'key'>> & { key?: Partial<NonNullable<TurnConfig['key']>> };
  media?: Partial<Config['media']>;
  timing?: Partial<Config['timing']>;
  limits?: Partial<Config['limits']>;
  graphql?: Partial<Config['graphql']>;
};

// What the schema reads must fit what the server takes.
const schemaFitsConfig: (input: ConfigSchemaInput) => ConfigInput = (input) => input;

export const defaultConfig: Config = {
  host: '0.0.0.0',
  port: 8787,
  logLevel: 'info',
  apps: [],
  dataDir: './data',
  appSecretGraceMs: 86_400_000,
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

/** One source's options, validated, and where they came from (for messages about how they combine). */
interface Layer {
  input: ConfigInput;
  source: ConfigSource;
}

/**
 * Defaults, then the JSON file named by `SFU_CONFIG`, then environment variables, then `overrides`.
 * Throws a `ConfigError` listing every problem of every source, each naming its variable or key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  const problems: string[] = [];
  const layers = [
    ...(env['SFU_CONFIG'] ? [readConfigFile(env['SFU_CONFIG'], problems)] : []),
    readEnvironment(env, problems),
    validated(overrides, { kind: 'code' }, problems),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return combine(layers);
}

/** Validates `input`, fills defaults, and resolves the announced address (what tests and `loadConfig` build on). */
export function resolveConfig(input: ConfigInput): Config {
  const problems: string[] = [];
  const layer = validated(input, { kind: 'code' }, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return combine([layer]);
}

function readConfigFile(file: string, problems: string[]): Layer {
  const source: ConfigSource = { kind: 'file', file };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(code === 'ENOENT' ? `SFU_CONFIG names ${file}, which does not exist` : `SFU_CONFIG names ${file}, which cannot be read (${code ?? (error as Error).message})`);
    return { input: {}, source };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`${file} (SFU_CONFIG) is not valid JSON: ${(error as Error).message}`);
    return { input: {}, source };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    problems.push(`${file} (SFU_CONFIG) must hold a JSON object of options, like {"port": 8787, "media": {"workers": 2}}`);
    return { input: {}, source };
  }
  return validated(json, source, problems);
}

/** Every option's variable that is set (and not empty), read into the config's shape, then validated. */
function readEnvironment(env: NodeJS.ProcessEnv, problems: string[]): Layer {
  const variables = new Map<string, { name: string; text: string }>();
  const input: Record<string, unknown> = {};
  for (const option of listOptions()) {
    const name = option.meta.env.find((candidate) => env[candidate] !== undefined && env[candidate] !== '');
    if (name === undefined) continue;
    const text = env[name]!;
    variables.set(option.key, { name, text });
    setAt(input, option.path, option.meta.read(text));
  }
  return validated(input, { kind: 'env', variables }, problems);
}

function validated(input: unknown, source: ConfigSource, problems: string[]): Layer {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (result.success) return { input: schemaFitsConfig(result.data), source };
  problems.push(...describeIssues(result.error.issues, source));
  return { input: {}, source };
}

/** The layers over the defaults, checked as a whole (what no single option can say). */
function combine(layers: Layer[]): Config {
  const input = layers.reduce<ConfigInput>((merged, layer) => merge(merged, layer.input) as ConfigInput, {});
  const { cluster, tls, turn, ...rest } = input;
  const config: Config = {
    ...defaultConfig,
    ...rest,
    media: { ...defaultConfig.media, ...input.media },
    timing: { ...defaultConfig.timing, ...input.timing },
    limits: { ...defaultConfig.limits, ...input.limits },
    graphql: { ...defaultConfig.graphql, ...input.graphql },
  };
  const origin = (key: string): string => {
    const layer = layers.findLast((candidate) => getAt(candidate.input, key.split('.')) !== undefined);
    return layer ? nameIn(layer.source, key) : `${key} (default)`;
  };
  const problems: string[] = [];
  const { rtcMinPort, rtcMaxPort } = config.media;
  if (rtcMinPort > rtcMaxPort) {
    problems.push(`${origin('media.rtcMinPort')} (${rtcMinPort}) must not exceed ${origin('media.rtcMaxPort')} (${rtcMaxPort})`);
  }
  if (cluster?.redisUrl) {
    if (!cluster.secret) problems.push(`cluster mode (${origin('cluster.redisUrl')}) needs SFU_CLUSTER_SECRET: at least 16 characters, the same on every instance`);
    const pipe = cluster.pipePorts;
    if (pipe && (pipe.min === undefined) !== (pipe.max === undefined)) {
      problems.push('SFU_PIPE_MIN_PORT and SFU_PIPE_MAX_PORT (cluster.pipePorts.min and .max) go together: set both or neither');
    } else if (pipe?.min !== undefined && pipe.max !== undefined && pipe.min > pipe.max) {
      problems.push(`${origin('cluster.pipePorts.min')} (${pipe.min}) must not exceed ${origin('cluster.pipePorts.max')} (${pipe.max})`);
    }
  }
  problems.push(...networkProblems(tls, turn));
  if (problems.length > 0) throw new ConfigError(problems);
  if (cluster?.redisUrl) config.cluster = resolveCluster(cluster as ConfigInput['cluster'] & { redisUrl: string });
  if (tls?.certFile && tls.keyFile) config.tls = { certFile: tls.certFile, keyFile: tls.keyFile };
  if (turn?.urls?.length) {
    config.turn = {
      urls: turn.urls,
      secret: turn.secret!,
      stunUrls: turn.stunUrls ?? stunUrlsOf(turn.urls),
      ...(turn.key?.id && turn.key.token ? { key: { id: turn.key.id, token: turn.key.token } } : {}),
    };
  }
  config.media.announcedAddress ??= defaultAnnouncedAddress(config.media.listenIp);
  return config;
}

/** TLS and TURN (docs/network.md): what goes together. */
function networkProblems(tls: ConfigInput['tls'], turn: ConfigInput['turn']): string[] {
  const problems: string[] = [];
  if (tls && (!tls.certFile || !tls.keyFile)) problems.push('TLS needs both SFU_TLS_CERT and SFU_TLS_KEY (PEM file paths)');
  if (turn?.urls?.length && !turn.secret) problems.push("the TURN credential API (SFU_TURN_URLS) needs SFU_TURN_SECRET, coturn's static-auth-secret, at least 16 characters");
  if (turn?.key && (!turn.key.id || !turn.key.token)) problems.push('SFU_TURN_KEY_ID and SFU_TURN_KEY_TOKEN go together: set both or neither');
  return problems;
}

/** `id:secret,id2:secret2` (a secret may contain ':'), validated as `SFU_APPS` is. */
export function parseApps(value: string): AppConfig[] {
  const problems: string[] = [];
  const layer = readEnvironment({ SFU_APPS: value }, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return layer.input.apps ?? [];
}

function resolveCluster(input: NonNullable<ConfigInput['cluster']> & { redisUrl: string }): ClusterConfig {
  const { min, max } = input.pipePorts ?? {};
  return {
    redisUrl: input.redisUrl,
    instanceId: input.instanceId ?? `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 48)}-${randomBytes(4).toString('hex')}`,
    secret: input.secret ?? '',
    instanceTtlMs: input.instanceTtlMs ?? 5_000,
    ...(input.internalUrl ? { internalUrl: input.internalUrl } : {}),
    ...(min !== undefined && max !== undefined ? { pipePorts: { min, max } } : {}),
  };
}

function defaultAnnouncedAddress(listenIp: string): string | undefined {
  if (listenIp !== '0.0.0.0' && listenIp !== '::') return undefined;
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `over` onto `base`, objects merged key by key, anything else (lists too) replaced; undefined never replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = merge(base[key], value);
  return merged;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = isPlainObject(target[head]) ? target[head] : (target[head] = {});
  setAt(child, rest, value);
}

function getAt(source: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), source);
}
