import { SignJWT } from 'jose';
import { testApps } from './sfu.js';

export interface TestTokenOptions {
  room: string;
  identity: string;
  name?: string;
  /** @default the first test app */
  app?: { id: string; secret: string };
  /** A jose time span ("10m") or an absolute time in seconds since the epoch. @default "10m" */
  expiresIn?: string | number;
  /** @default all true */
  grants?: { canPublish?: boolean; canSubscribe?: boolean; canPublishData?: boolean };
}

/** An access token as an app's backend signs it: HS256 with the app secret (docs/auth.md). */
export function accessToken({ room, identity, name, app = testApps[0], expiresIn = '10m', grants = {} }: TestTokenOptions): Promise<string> {
  return new SignJWT({ room, ...(name ? { name } : {}), grants: { canPublish: true, canSubscribe: true, canPublishData: true, ...grants } })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(app.id)
    .setSubject(identity)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(app.secret));
}
