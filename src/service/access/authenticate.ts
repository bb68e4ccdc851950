import type { AppRegistry } from '../apps/AppRegistry.js';
import { SfuError } from '../errors.js';
import type { MetadataLimits } from '../session/metadata.js';
import { looksLikeToken, tokenIssuer, verifyAccessToken } from './accessToken.js';
import type { Caller } from './Caller.js';

const missing = 'missing bearer token: send "Authorization: Bearer <app secret or access token>"';

/**
 * The caller a bearer value names: an app by its secret, or a participant by an access token the
 * app's secret signed. With `appId` (REST names the app in its path) the secret or token must be
 * that app's. Unknown app: not_found; anything else wrong: unauthorized, saying what.
 */
export async function authenticate(apps: AppRegistry, bearer: string | undefined, limits: MetadataLimits, appId?: string): Promise<Caller> {
  if (appId !== undefined && !apps.find(appId)) throw new SfuError('not_found', `app ${appId} does not exist`);
  if (bearer === undefined || bearer === '') throw new SfuError('unauthorized', missing);
  const bySecret = appId !== undefined ? (apps.isSecretOf(appId, bearer) ? apps.find(appId) : undefined) : apps.bySecret(bearer);
  if (bySecret) return { app: bySecret };
  if (!looksLikeToken(bearer)) {
    throw new SfuError('unauthorized', appId !== undefined ? `the bearer token is neither the secret of app ${appId} nor an access token` : 'the bearer token is neither the secret of an app nor an access token');
  }
  const issuer = tokenIssuer(bearer);
  if (appId !== undefined && issuer !== appId) throw new SfuError('unauthorized', `the access token was issued for app ${JSON.stringify(issuer)}, not ${appId}`);
  const app = apps.find(issuer);
  if (!app) throw new SfuError('unauthorized', `the access token was issued for app ${JSON.stringify(issuer)}, which this server does not serve`);
  const participant = await verifyAccessToken(bearer, app.id, apps.verificationKeys(app.id), limits);
  return { app, participant };
}
