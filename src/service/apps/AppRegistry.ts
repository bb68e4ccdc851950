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
 * service call is made on behalf of one authenticated app.
 */
export class AppRegistry {
  readonly #apps = new Map<string, { app: App; secretDigest: Buffer }>();

  constructor(apps: AppConfig[]) {
    for (const { id, secret, name } of apps) {
      this.#apps.set(id, { app: { id, name: name ?? id }, secretDigest: digest(secret) });
    }
  }

  /**
   * The app with this secret (the GraphQL face has no app id in its path); unauthorized when none
   * has it. Every app's digest is compared, so timing does not reveal which one matched.
   */
  bySecret(secret: string | undefined): App {
    if (secret === undefined || secret === '') {
      throw new SfuError('unauthorized', 'missing bearer token: send "Authorization: Bearer <app secret>"');
    }
    const candidate = digest(secret);
    let found: App | undefined;
    for (const entry of this.#apps.values()) {
      if (timingSafeEqual(candidate, entry.secretDigest) && !found) found = entry.app;
    }
    if (!found) throw new SfuError('unauthorized', 'the bearer token is not the secret of any app');
    return found;
  }

  list(): App[] {
    return [...this.#apps.values()].map((entry) => entry.app);
  }

  /**
   * The app for `appId` if `secret` is its secret. Unknown app: not_found; wrong or missing secret:
   * unauthorized. Secrets are compared as SHA-256 digests in constant time.
   */
  authenticate(appId: string, secret: string | undefined): App {
    const entry = this.#apps.get(appId);
    if (!entry) throw new SfuError('not_found', `app ${appId} does not exist`);
    if (secret === undefined || secret === '') {
      throw new SfuError('unauthorized', 'missing bearer token: send "Authorization: Bearer <app secret>"');
    }
    if (!timingSafeEqual(digest(secret), entry.secretDigest)) {
      throw new SfuError('unauthorized', `the bearer token is not the secret of app ${appId}`);
    }
    return entry.app;
  }
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
