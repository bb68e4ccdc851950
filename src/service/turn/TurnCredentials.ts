import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SfuError } from '../errors.js';

/** What the TURN credential API hands out, and how it checks who asks. */
export interface TurnCredentialsOptions {
  /** TURN URLs given to clients, e.g. `turn:turn.example.com:3478?transport=udp`. */
  urls: string[];
  /** STUN URLs given to clients in their own entry (none: no STUN entry). */
  stunUrls: string[];
  /** The TURN server's shared secret (coturn `static-auth-secret`). */
  secret: string;
  /** A TURN key of its own: its id in the path and its bearer token. @default unset: apps are keys */
  key?: { id: string; token: string };
  /** When there is no key of its own: whether `token` is the secret of the app `keyId`. */
  isAppSecret: (keyId: string, token: string) => boolean;
}

/** One entry of `RTCConfiguration.iceServers`. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** The longest credential the hosted service issues: 48 hours. */
export const maxTurnTtlSeconds = 172_800;
/** What a request without `ttl` gets: a day, as in the hosted service's example. */
export const defaultTurnTtlSeconds = 86_400;

/**
 * Short-lived TURN credentials from a shared secret, the "TURN REST API" scheme coturn checks with
 * `use-auth-secret`: the username is `<expiry unix time>:<user>` and the password is
 * base64(HMAC-SHA1(secret, username)). No state: coturn verifies them without asking us.
 */
export class TurnCredentials {
  constructor(private readonly options: TurnCredentialsOptions) {}

  /** Throws `not_found` for an unknown key and `unauthorized` for a wrong token. */
  authenticate(keyId: string, token: string | undefined): void {
    const { key, isAppSecret } = this.options;
    if (key) {
      if (keyId !== key.id) throw new SfuError('not_found', `TURN key ${keyId} does not exist`);
      if (token === undefined || !sameSecret(token, key.token)) throw new SfuError('unauthorized', 'the bearer token is not this TURN key\'s');
      return;
    }
    if (token === undefined || !isAppSecret(keyId, token)) {
      throw new SfuError('unauthorized', 'the bearer token is not the secret of the app named as TURN key id');
    }
  }

  /**
   * The STUN entry (when there are STUN URLs) and one TURN entry valid for `ttlSeconds` from `now`.
   * `user` names the credential in the TURN server's logs; a random one when absent.
   */
  iceServers(ttlSeconds: number, user?: string, now = Date.now()): IceServer[] {
    const expiry = Math.floor(now / 1000) + ttlSeconds;
    const username = `${expiry}:${user ?? randomBytes(8).toString('hex')}`;
    const credential = createHmac('sha1', this.options.secret).update(username).digest('base64');
    const stun: IceServer[] = this.options.stunUrls.length > 0 ? [{ urls: [...this.options.stunUrls] }] : [];
    return [...stun, { urls: [...this.options.urls], username, credential }];
  }
}

/** The STUN URLs a TURN server also answers: `stun:host:port` of each `turn:` URL, once each. */
export function stunUrlsOf(turnUrls: string[]): string[] {
  const stun = new Set<string>();
  for (const url of turnUrls) {
    const match = /^turn:([^?]+)/.exec(url);
    if (match) stun.add(`stun:${match[1]}`);
  }
  return [...stun];
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
