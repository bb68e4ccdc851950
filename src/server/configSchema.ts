import { isIP } from 'node:net';
import * as z from 'zod/v4';

/**
 * The configuration's shape, one declaration per option: its config-file key (where it sits in
 * the schema), its environment variables, and what its value must be. `config.ts` reads the file
 * and the environment through it; `configErrors.ts` words what it refuses. A new option is one line
 * here, its field and JSDoc in `Config`, and its default.
 */
// A type, not an interface: zod's registry wants metadata with an index signature.
export type OptionMeta = {
  /** Its environment variables; the first one set is named in messages. */
  env: readonly string[];
  /** Completes "<name> must be ...": "a whole number >= 1". */
  expected: string;
  /** How a variable's text becomes a value (left as the text when it cannot, so the schema refuses it). */
  read: (text: string) => unknown;
  /** A secret: a refused value is never repeated in the message. */
  secret?: boolean;
};

/** The options, by their schema: `configSchema` is walked to find them. */
export const options = z.registry<OptionMeta>();

function option<T extends z.ZodType>(schema: T, meta: Omit<OptionMeta, 'env'> & { env: string | readonly string[] }): z.ZodOptional<T> {
  const optional = schema.optional();
  options.add(optional, { ...meta, env: typeof meta.env === 'string' ? [meta.env] : meta.env });
  return optional;
}

/** "12" -> 12; anything that is not a plain decimal stays text, and is refused as such. */
function readNumber(text: string): unknown {
  return /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : text;
}

function readBoolean(text: string): unknown {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return text;
}

const readText = (text: string): unknown => text;

const whole = (env: string | readonly string[], min: number, max?: number) =>
  option(z.number().int().min(min).max(max ?? Number.MAX_SAFE_INTEGER), {
    env,
    expected: max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`,
    read: readNumber,
  });
const milliseconds = (env: string) => option(z.number().int().min(1), { env, expected: 'a whole number of milliseconds >= 1', read: readNumber });
const count = (env: string) => whole(env, 1);
const port = (env: string | readonly string[], min = 1) =>
  option(z.number().int().min(min).max(65535), { env, expected: `a port number from ${min} to 65535`, read: readNumber });
const text = (env: string) => option(z.string().min(1), { env, expected: 'a non-empty text', read: readText });
const oneOf = <const T extends readonly [string, ...string[]]>(env: string, values: T) =>
  option(z.enum(values), { env, expected: `one of ${values.join(', ')}`, read: readText });
const flag = (env: string) => option(z.boolean(), { env, expected: 'true or false (or 1 or 0)', read: readBoolean });
// mediasoup 3.12 puts `announcedIp` into ICE candidates and plain/pipe transport tuples verbatim, and
// a pipe transport's `connect({ ip })` on the other host accepts only an IP: a hostname would pass
// here and break media (and cluster pipes) later, so an address must be an IP.
const ip = (env: string) =>
  option(
    z.string().refine((value) => isIP(value) !== 0),
    { env, expected: 'an IPv4 or IPv6 address (not a hostname: mediasoup 3.12 announces it verbatim)', read: readText },
  );

/** Comma-separated URLs of one scheme (TURN, STUN); `none` is the empty list (an empty variable counts as unset). */
const urlList = (env: string, scheme: RegExp, expected: string) =>
  option(
    z.array(z.string()).refine((urls) => urls.every((url) => scheme.test(url))),
    { env, expected, read: (text) => (text.trim() === 'none' ? [] : text.split(',').map((item) => item.trim()).filter(Boolean)) },
  );

const appId = /^[A-Za-z0-9_-]{1,128}$/;

/** An app of `SFU_APPS` or the config file's `apps`. Its checks are worded here: they name the app. */
export const appSchema = z
  .strictObject({ id: z.string(), secret: z.string(), name: z.string().optional() })
  .superRefine((app, context) => {
    if (!appId.test(app.id)) context.addIssue({ code: 'custom', message: `app id ${JSON.stringify(app.id)} must be 1-128 characters of A-Z a-z 0-9 _ -` });
    if (app.secret.length < 8) context.addIssue({ code: 'custom', message: `app ${JSON.stringify(app.id)}: the secret must have at least 8 characters` });
  });

/** `id:secret,id2:secret2` (a secret may contain ':'); an entry without both parts is left as text, and refused. */
export function readApps(value: string): unknown {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const apps = entries.map((entry) => {
    const colon = entry.indexOf(':');
    return colon <= 0 || colon === entry.length - 1 ? undefined : { id: entry.slice(0, colon), secret: entry.slice(colon + 1) };
  });
  return apps.every((app) => app !== undefined) ? apps : value;
}

const apps = option(
  z.array(appSchema).superRefine((list, context) => {
    const seen = new Set<string>();
    for (const { id } of list) {
      if (seen.has(id)) context.addIssue({ code: 'custom', message: `app id ${JSON.stringify(id)} is listed twice` });
      seen.add(id);
    }
  }),
  { env: 'SFU_APPS', expected: 'a list of id:secret pairs separated by commas (id:secret,id2:secret2)', read: readApps, secret: true },
);

const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).optional();

/** The config file's shape (every key optional); the environment fills the same shape. */
export const configSchema = z.strictObject({
  host: text('SFU_HOST'),
  port: port(['SFU_PORT', 'PORT'], 0),
  logLevel: oneOf('SFU_LOG_LEVEL', ['debug', 'info', 'warn', 'error']),
  apps,
  dataDir: text('SFU_DATA_DIR'),
  drainTimeoutMs: option(z.number().int().min(0), { env: 'SFU_DRAIN_TIMEOUT_MS', expected: 'a whole number of milliseconds >= 0', read: readNumber }),
  metricsToken: option(z.string().min(1), { env: 'SFU_METRICS_TOKEN', expected: 'a non-empty text', read: readText, secret: true }),
  appSecretGraceMs: option(z.number().int().min(0), { env: 'SFU_APP_SECRET_GRACE_MS', expected: 'a whole number of milliseconds >= 0', read: readNumber }),
  media: strict({
    workers: count('SFU_WORKERS'),
    listenIp: ip('SFU_RTC_LISTEN_IP'),
    announcedAddress: ip('SFU_ANNOUNCED_ADDRESS'),
    rtcPort: port('SFU_RTC_PORT'),
    rtcMinPort: port('SFU_RTC_MIN_PORT'),
    rtcMaxPort: port('SFU_RTC_MAX_PORT'),
    logLevel: oneOf('SFU_MEDIASOUP_LOG_LEVEL', ['debug', 'warn', 'error', 'none']),
  }),
  timing: strict({
    connectTimeoutMs: milliseconds('SFU_CONNECT_TIMEOUT_MS'),
    livenessTimeoutMs: milliseconds('SFU_LIVENESS_TIMEOUT_MS'),
    trackInactiveMs: milliseconds('SFU_TRACK_INACTIVE_MS'),
  }),
  limits: strict({
    maxTracksPerRequest: count('SFU_MAX_TRACKS_PER_REQUEST'),
    emptyTrackTimeoutMs: milliseconds('SFU_EMPTY_TRACK_TIMEOUT_MS'),
    closedSessionMemoryMs: milliseconds('SFU_CLOSED_SESSION_MEMORY_MS'),
    maxBodyBytes: count('SFU_MAX_BODY_BYTES'),
    callsPerSecondPerSession: count('SFU_CALLS_PER_SECOND'),
    transportWaitMs: milliseconds('SFU_TRANSPORT_WAIT_MS'),
    dataChannelAckTimeoutMs: milliseconds('SFU_DATACHANNEL_ACK_TIMEOUT_MS'),
    maxTracksPerSession: count('SFU_MAX_TRACKS_PER_SESSION'),
    maxSectionsPerSession: count('SFU_MAX_SECTIONS_PER_SESSION'),
    maxDataChannelsPerSession: count('SFU_MAX_DATACHANNELS_PER_SESSION'),
    maxSessionsPerApp: count('SFU_MAX_SESSIONS_PER_APP'),
    maxSessionsPerParticipant: count('SFU_MAX_SESSIONS_PER_PARTICIPANT'),
    sessionsPerSecondPerApp: count('SFU_SESSIONS_PER_SECOND_PER_APP'),
    maxMetadataBytes: count('SFU_MAX_METADATA_BYTES'),
    maxMetadataDepth: count('SFU_MAX_METADATA_DEPTH'),
    adapterJpegFps: option(z.number().gt(0).max(30), { env: 'SFU_ADAPTER_JPEG_FPS', expected: 'a number above 0 and at most 30', read: readNumber }),
  }),
  graphql: strict({
    maxTokens: count('SFU_GRAPHQL_MAX_TOKENS'),
    maxDepth: count('SFU_GRAPHQL_MAX_DEPTH'),
    maxAliases: count('SFU_GRAPHQL_MAX_ALIASES'),
    maxDirectives: count('SFU_GRAPHQL_MAX_DIRECTIVES'),
    maxCost: count('SFU_GRAPHQL_MAX_COST'),
    maxFields: count('SFU_GRAPHQL_MAX_FIELDS'),
    subscriberBuffer: count('SFU_GRAPHQL_SUBSCRIBER_BUFFER'),
    maxSubscriptionsPerApp: count('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_APP'),
    maxSubscriptionsPerParticipant: count('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_PARTICIPANT'),
    maxSubscriptionsPerConnection: count('SFU_GRAPHQL_MAX_SUBSCRIPTIONS_PER_CONNECTION'),
    connectionInitTimeoutMs: milliseconds('SFU_GRAPHQL_CONNECTION_INIT_TIMEOUT_MS'),
    suggestions: flag('SFU_GRAPHQL_SUGGESTIONS'),
  }),
  cluster: strict({
    redisUrl: option(z.string().regex(/^rediss?:\/\//), { env: 'SFU_REDIS_URL', expected: 'a redis:// or rediss:// URL', read: readText, secret: true }),
    instanceId: option(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), { env: 'SFU_INSTANCE_ID', expected: '1-64 characters of A-Z a-z 0-9 _ . -', read: readText }),
    internalUrl: option(z.url({ protocol: /^https?$/ }), { env: 'SFU_INTERNAL_URL', expected: 'an http:// or https:// URL', read: readText }),
    secret: option(z.string().min(16), { env: 'SFU_CLUSTER_SECRET', expected: 'at least 16 characters, the same on every instance', read: readText, secret: true }),
    instanceTtlMs: option(z.number().int().min(1000), { env: 'SFU_INSTANCE_TTL_MS', expected: 'a whole number of milliseconds >= 1000', read: readNumber }),
    pipePorts: strict({ min: port('SFU_PIPE_MIN_PORT'), max: port('SFU_PIPE_MAX_PORT') }),
  }),
  tls: strict({ certFile: text('SFU_TLS_CERT'), keyFile: text('SFU_TLS_KEY') }),
  turn: strict({
    urls: urlList('SFU_TURN_URLS', /^turns?:\S+$/, 'turn: or turns: URLs separated by commas'),
    secret: option(z.string().min(16), { env: 'SFU_TURN_SECRET', expected: "coturn's static-auth-secret, at least 16 characters", read: readText, secret: true }),
    stunUrls: urlList('SFU_STUN_URLS', /^stun:\S+$/, 'stun: URLs separated by commas, or none'),
    key: strict({
      id: option(z.string().regex(appId), { env: 'SFU_TURN_KEY_ID', expected: '1-128 characters of A-Z a-z 0-9 _ -', read: readText }),
      token: option(z.string().min(16), { env: 'SFU_TURN_KEY_TOKEN', expected: 'at least 16 characters', read: readText, secret: true }),
    }),
  }),
});

export type ConfigSchemaInput = z.output<typeof configSchema>;

/** An option found by its key path ("media.workers"). */
export interface Option {
  key: string;
  path: readonly string[];
  schema: z.ZodType;
  meta: OptionMeta;
}

/** Every option, walked out of `configSchema`. */
export function listOptions(schema: z.ZodType = configSchema, path: readonly string[] = []): Option[] {
  const meta = options.get(schema);
  if (meta) return [{ key: path.join('.'), path, schema, meta }];
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) => listOptions(child, [...path, key]));
}

/** The keys an object of the schema at `path` accepts ("" for the top), for "unknown key" messages. */
export function keysAt(path: readonly PropertyKey[], schema: z.ZodType = configSchema): string[] {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  if (path.length === 0) return Object.keys(shape);
  const child = shape[String(path[0])];
  return child ? keysAt(path.slice(1), child) : [];
}
