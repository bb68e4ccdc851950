import { createHash, timingSafeEqual } from 'node:crypto';
import { SfuError } from '../errors.js';

export interface AppConfig {
  /** The app id clients put in `/apps/{appId}/...`. */
  id: string;
  /** The bearer token (`Authorization: Bearer <secret>`). Never logged. */
  secret: string;
  /** A label for logs and GraphQL. @default the id */
  name?: string;
  /**
   * Secrets replaced by a rotation, still valid (as bearer and for verifying access tokens they
   * signed) until `validUntil`; then ignored.
   */
  retiredSecrets?: RetiredSecret[];
}

export interface RetiredSecret {
  secret: string;
  validUntil: Date;
}

/** What `replace` changed, by app id (for the log: never the secrets). */
export interface AppsChange {
  added: string[];
  removed: string[];
  rotated: string[];
}

interface Secret {
  digest: Buffer;
  /** The HS256 key of access tokens (the secret's UTF-8 bytes). */
  key: Uint8Array;
  /** Epoch ms after which a retired secret is refused; the current one has none. */
  validUntil?: number;
}

interface Entry {
  app: App;
  /** The current secret first, then retired ones. */
  secrets: Secret[];
}

export interface App {
  id: string;
  name: string;
}

/**
 * The apps this server serves and their secrets. Each app sees only its own sessions: every
 * service call is made on behalf of one authenticated caller of one app (see access/). `replace`
 * swaps the set while the server runs (apps.json reloaded); a removed app's next call is refused.
 */
export class AppRegistry {
  #apps = new Map<string, Entry>();

  constructor(apps: AppConfig[], private readonly now: () => number = Date.now) {
    this.#apps = entries(apps);
  }

  /** Serves `apps` from now on, instead of the ones it had. */
  replace(apps: AppConfig[]): AppsChange {
    const next = entries(apps);
    const change: AppsChange = { added: [], removed: [], rotated: [] };
    for (const [id, entry] of next) {
      const before = this.#apps.get(id);
      if (!before) change.added.push(id);
      else if (!before.secrets[0]!.digest.equals(entry.secrets[0]!.digest)) change.rotated.push(id);
    }
    for (const id of this.#apps.keys()) if (!next.has(id)) change.removed.push(id);
    this.#apps = next;
    return change;
  }

  find(appId: string): App | undefined {
    return this.#apps.get(appId)?.app;
  }

  /**
   * The app whose secret this is (the GraphQL face has no app id in its path), if any. Every app's
   * digest is compared, so timing does not reveal which one matched.
   */
  bySecret(secret: string): App | undefined {
    const candidate = digest(secret);
    let found: App | undefined;
    for (const entry of this.#apps.values()) {
      if (this.#matches(entry, candidate) && !found) found = entry.app;
    }
    return found;
  }

  /** Whether `secret` is the app's (its current one, or a retired one still in its grace); compared as SHA-256 digests in constant time. */
  isSecretOf(appId: string, secret: string): boolean {
    const entry = this.#apps.get(appId);
    return entry !== undefined && this.#matches(entry, digest(secret));
  }

  /** The HS256 key the app's new access tokens are signed with: its current secret's. */
  signingKey(appId: string): Uint8Array {
    const entry = this.#apps.get(appId);
    if (!entry) throw new SfuError('not_found', `app ${appId} does not exist`);
    return entry.secrets[0]!.key;
  }

  /** The keys an access token of the app may be signed with: the current secret's, then retired ones still in their grace. */
  verificationKeys(appId: string): Uint8Array[] {
    const entry = this.#apps.get(appId);
    if (!entry) throw new SfuError('not_found', `app ${appId} does not exist`);
    return this.#live(entry).map((secret) => secret.key);
  }

  list(): App[] {
    return [...this.#apps.values()].map((entry) => entry.app);
  }

  #live(entry: Entry): Secret[] {
    const now = this.now();
    return entry.secrets.filter((secret) => secret.validUntil === undefined || secret.validUntil > now);
  }

  #matches(entry: Entry, candidate: Buffer): boolean {
    let matched = false;
    for (const secret of this.#live(entry)) if (timingSafeEqual(candidate, secret.digest)) matched = true;
    return matched;
  }
}

function entries(apps: AppConfig[]): Map<string, Entry> {
  return new Map(
    apps.map(({ id, secret, name, retiredSecrets = [] }) => [
      id,
      {
        app: { id, name: name ?? id },
        secrets: [toSecret(secret), ...retiredSecrets.map((retired) => toSecret(retired.secret, retired.validUntil.getTime()))],
      },
    ]),
  );
}

function toSecret(secret: string, validUntil?: number): Secret {
  return { digest: digest(secret), key: new TextEncoder().encode(secret), ...(validUntil !== undefined ? { validUntil } : {}) };
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
