import { createHash, timingSafeEqual } from 'node:crypto';
import { SfuError } from '../errors.js';

export interface AppConfig {
  /** The app id clients put in `/apps/{appId}/...`. */
  id: string;
  /** The bearer token (`Authorization: Bearer <secret>`). Never logged. */
  secret: string;
  /** A label for logs and GraphQL. @default the id */
  name?: string;
}

export interface App {
  id: string;
  name: string;
}

/**
 * The apps this server serves and their secrets. Each app sees only its own sessions: every
 * service call is made on behalf of one authenticated caller of one app (see access/).
 */
export class AppRegistry {
  readonly #apps = new Map<string, { app: App; secretDigest: Buffer; key: Uint8Array }>();

  constructor(apps: AppConfig[]) {
    for (const { id, secret, name } of apps) {
      // The key signs and verifies access tokens (HS256 over the secret's UTF-8 bytes).
      this.#apps.set(id, { app: { id, name: name ?? id }, secretDigest: digest(secret), key: new TextEncoder().encode(secret) });
    }
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
      if (timingSafeEqual(candidate, entry.secretDigest) && !found) found = entry.app;
    }
    return found;
  }

  /** Whether `secret` is the app's; compared as SHA-256 digests in constant time. */
  isSecretOf(appId: string, secret: string): boolean {
    const entry = this.#apps.get(appId);
    return entry !== undefined && timingSafeEqual(digest(secret), entry.secretDigest);
  }

  /** The HS256 key of the app's access tokens. */
  signingKey(appId: string): Uint8Array {
    const entry = this.#apps.get(appId);
    if (!entry) throw new SfuError('not_found', `app ${appId} does not exist`);
    return entry.key;
  }

  list(): App[] {
    return [...this.#apps.values()].map((entry) => entry.app);
  }
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
