import { createHash } from 'node:crypto';
import type { NewSfuEvent, SfuEvent } from '../service/events/SfuEventBus.js';

/**
 * The Redis side of the event log: its keys, the append script and the entry codec.
 *
 * Keys of one app share the hash tag `{appId}`, so the script's keys sit in one slot should the
 * store ever be a Redis Cluster:
 * - `<prefix>:events:{appId}` the stream; entry id `<seq>-0`, fields `at` (ms) and `event` (JSON)
 * - `<prefix>:seq:{appId}` the app's last seq (a string integer)
 * - `<prefix>:appended:{appId}:<instanceId>` the last local number this instance appended, so a
 *   batch retried after a lost reply is not appended twice; it expires after a day unused
 */
export interface AppKeys {
  stream: string;
  seq: string;
  appended: string;
}

export function appKeys(prefix: string, appId: string, instanceId: string): AppKeys {
  return {
    stream: `${prefix}:events:{${appId}}`,
    seq: `${prefix}:seq:{${appId}}`,
    appended: `${prefix}:appended:{${appId}}:${instanceId}`,
  };
}

/** How long an instance's dedup marker outlives its last append. */
export const appendedMarkerTtlSeconds = 86_400;

/**
 * Appends a batch of one instance's events to an app's stream, each with the app's next seq as
 * its stream id, atomically with counting it: stream order is seq order, with no gap and no
 * duplicate, whichever instances append at once.
 *
 * KEYS: stream, seq counter, this instance's appended marker.
 * ARGV: history size (MAXLEN ~), floor, marker TTL, then per event: local number, at (ms), JSON.
 *
 * - Events whose local number is at or below the marker were appended by an earlier try of the
 *   same batch whose reply was lost: they are skipped, so a retry never duplicates.
 * - The next seq is above the counter, the stream's last entry and `floor` (the highest seq the
 *   caller has seen): if the store lost its data or its counter, seqs still never go back.
 * - Each XADD is checked (pcall): on a refusal (out of memory) the appended ones stay counted and
 *   marked and the error is returned, so the retry resumes exactly after them.
 * Returns the app's last seq.
 */
export const appendScript = `
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
local floor = tonumber(ARGV[2])
if floor > counter then counter = floor end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then
  local tail = tonumber(string.match(newest[1], '^(%d+)'))
  if tail > counter then counter = tail end
end
local marker = tonumber(redis.call('GET', KEYS[3]) or '0')
local appended = marker
local failure
for i = 4, #ARGV, 3 do
  local n = tonumber(ARGV[i])
  if n > appended then
    local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], string.format('%d-0', counter + 1), 'at', ARGV[i + 1], 'event', ARGV[i + 2])
    if type(added) == 'table' and added.err then
      failure = added.err
      break
    end
    counter = counter + 1
    appended = n
  end
end
redis.call('SET', KEYS[2], string.format('%d', counter))
if appended > marker then redis.call('SET', KEYS[3], string.format('%d', appended), 'EX', ARGV[3]) end
if failure then return redis.error_reply(failure) end
return counter
`;

export const appendScriptSha = createHash('sha1').update(appendScript).digest('hex');

/** An event waiting to be appended: its local number orders and deduplicates it. */
export interface PendingEvent {
  local: number;
  at: number;
  json: string;
}

export function pendingEvent(local: number, event: NewSfuEvent): PendingEvent {
  return { local, at: Date.now(), json: JSON.stringify(event) };
}

/** The script's ARGV for a batch. */
export function appendArgs(batch: readonly PendingEvent[], historySize: number, floor: number): string[] {
  const args = [String(historySize), String(floor), String(appendedMarkerTtlSeconds)];
  for (const event of batch) args.push(String(event.local), String(event.at), event.json);
  return args;
}

/** The seq of a stream id `<seq>-0`. */
export function seqOf(id: string): number {
  return Number.parseInt(id, 10);
}

/** A stream entry as the event it holds; undefined when it is not one of ours. */
export function decodeEntry(id: string, fields: readonly string[]): SfuEvent | undefined {
  let at: number | undefined;
  let json: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'at') at = Number(fields[i + 1]);
    else if (fields[i] === 'event') json = fields[i + 1];
  }
  if (at === undefined || !Number.isFinite(at) || json === undefined) return undefined;
  try {
    const event = JSON.parse(json) as NewSfuEvent;
    return { ...event, seq: seqOf(id), at: new Date(at) } as SfuEvent;
  } catch {
    return undefined;
  }
}
