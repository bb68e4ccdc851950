import { loadSdpFixture } from '../../fixtures/sdp/index.js';

/*
 * The fuzz's randomness: a seeded generator and the odd strings, values and mangled copies every
 * request is built from. Every draw goes through one Rng, in a fixed order, so a seed replays.
 */

/** mulberry32: tiny, seeded, good enough to pick inputs. */
export class Rng {
  #state: number;
  constructor(seedValue: number) {
    this.#state = seedValue >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(length: number): string {
    return Array.from({ length }, () => this.int(16).toString(16)).join('');
  }
}

/** JSON text spliced in as it is: numbers JSON.stringify cannot write, nesting too deep to build as objects. */
export class Raw {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const deepArray = (depth: number) => new Raw('['.repeat(depth) + ']'.repeat(depth));
export const deepObject = (depth: number) => new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
export const hugeString = 'x'.repeat(1_100_000);

export const offerFixtures = [
  'chromium-sendonly-audio-video.sdp', 'chromium-sendonly-simulcast.sdp', 'chromium-datachannel.sdp',
  'chromium-sendrecv-audio-video-data.sdp', 'chromium-reoffer-before-stop.sdp', 'chromium-reoffer-after-stop.sdp',
  'chromium-reoffer-after-stop-negotiated.sdp', 'werift-sendonly-audio-video.sdp', 'werift-recvonly-video.sdp',
  'wrtc-sendonly-audio-video.sdp', 'wrtc-sendonly-simulcast.sdp', 'wrtc-recvonly-audio-video.sdp',
].map(loadSdpFixture);
const sdpJunk = ['', '0', '-1', '65536', '4294967296', 'x', 'a=b=c', '\u0000', '9'.repeat(40), 'UDP/TLS/RTP/SAVPF', 'sendonly recvonly', '🙂'];
export const names = ['', ' ', '0', '1', 'null', 'local', 'remote', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'server-events', '\u0000', '🙂'.repeat(50), '%00', '../..', 'x'.repeat(5_000)];
export const fieldNames = ['location', 'mid', 'trackName', 'sessionId', 'kind', 'simulcast', 'tracks', 'sessionDescription', 'type', 'sdp', 'dataChannels', 'dataChannel', 'id', 'force', 'autoDiscover', 'metadata', '__proto__', 'constructor'];

/** A real offer with lines dropped, duplicated, truncated or with tokens replaced by junk. */
export function mangleSdp(sdp: string, rng: Rng): string {
  let lines = sdp.split('\r\n');
  for (let edits = 1 + rng.int(4); edits > 0; edits--) {
    const at = rng.int(lines.length);
    const choice = rng.int(7);
    if (choice === 0) lines.splice(at, 1);
    else if (choice === 1) lines.splice(at, 0, rng.pick(lines));
    else if (choice === 2) lines = lines.slice(0, at);
    else if (choice === 3) lines.splice(at, 0, `a=${'x'.repeat(20_000)}`);
    else if (choice === 4) lines = [...lines, ...Array.from({ length: 20 }, () => lines.slice(lines.findIndex((l) => l.startsWith('m=')))).flat()];
    else {
      const tokens = (lines[at] ?? '').split(/([ :=/;])/);
      tokens[rng.int(tokens.length)] = rng.pick(sdpJunk);
      lines[at] = tokens.join('');
    }
  }
  return lines.join(rng.chance(0.1) ? '\n' : '\r\n');
}

export function oddString(rng: Rng): string {
  if (rng.chance(0.2)) return mangleSdp(rng.pick(offerFixtures), rng);
  return rng.chance(0.1) ? rng.hex(32) : rng.pick(names);
}

export function oddValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null, () => 0, () => -1, () => 1.5, () => 65535, () => 65536, () => 2 ** 53 + 1, () => 1e308,
    () => new Raw('1e400'), () => new Raw('-1e400'), () => true, () => false, () => oddString(rng),
    () => [], () => ({}), () => [null], () => [1, '2', [3]], () => ({ length: 5 }),
    () => deepArray(10_000), () => deepObject(10_000), () => deepArray(17), () => new Raw('{"__proto__":{"location":"local"}}'),
  ])();
}

/** A copy of a valid body with fields dropped, retyped, added, or arrays resized to 0, 1, 65 or 1000. */
export function mutate(value: unknown, rng: Rng, depth = 0): unknown {
  if (rng.chance(depth === 0 ? 0.05 : 0.15)) return oddValue(rng);
  if (Array.isArray(value)) {
    if (rng.chance(0.25) && value.length > 0) {
      return Array.from({ length: rng.pick([0, 1, 65, 1000]) }, (_, i) => (i < 3 ? mutate(value[i % value.length], rng, depth + 1) : value[i % value.length]));
    }
    return value.map((item) => (rng.chance(0.4) ? mutate(item, rng, depth + 1) : item));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Raw)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(copy)) {
      const roll = rng.next();
      if (roll < 0.15) delete copy[key];
      else if (roll < 0.45) copy[key] = mutate(copy[key], rng, depth + 1);
    }
    if (rng.chance(0.15)) copy[rng.pick(fieldNames)] = oddValue(rng);
    return copy;
  }
  if (typeof value === 'string') return rng.chance(0.6) ? (value.startsWith('v=0') ? mangleSdp(value, rng) : oddString(rng)) : value;
  return rng.chance(0.3) ? oddValue(rng) : value;
}

/** JSON text of a body, sometimes with a key repeated (JSON.parse keeps the last) or `__proto__` added. */
export function jsonText(value: unknown, rng: Rng): string {
  const text = toJson(value);
  if (!text.startsWith('{') || text === '{}' || !rng.chance(0.1)) return text;
  const extra = `${JSON.stringify(rng.pick(fieldNames))}:${toJson(oddValue(rng))}`;
  return rng.chance(0.5) ? `{${extra},${text.slice(1)}` : `${text.slice(0, -1)},${extra}}`;
}
