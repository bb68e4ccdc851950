import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintAccessToken } from '../../../src/service/access/accessToken.js';
import { authenticate } from '../../../src/service/access/authenticate.js';
import { AppRegistry } from '../../../src/service/apps/AppRegistry.js';

const apps = new AppRegistry([
  { id: 'app-one', secret: 'secret-of-app-one' },
  { id: 'app-two', secret: 'secret-of-app-two' },
]);
const limits = { maxMetadataBytes: 1024, maxMetadataDepth: 4 };
const key = (secret: string) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);

/** A token as any backend's JWT library would sign it: HS256 over the secret's UTF-8 bytes. */
function sign(claims: Record<string, unknown>, { secret = 'secret-of-app-one', alg = 'HS256' } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key(secret));
}

const base = () => ({ iss: 'app-one', sub: 'ann', room: 'lobby', iat: now(), exp: now() + 600 });

async function refusal(token: string, appId?: string): Promise<string> {
  try {
    await authenticate(apps, token, limits, appId);
  } catch (error) {
    expect((error as { code: string }).code).toBe('unauthorized');
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('access tokens', () => {
  it('a token signed by any JWT library with the app secret names one participant with default grants', async () => {
    const caller = await authenticate(apps, await sign({ ...base(), name: 'Ann', metadata: { color: 'red' } }), limits);
    expect(caller.app.id).toBe('app-one');
    expect(caller.participant).toMatchObject({
      identity: 'ann',
      room: 'lobby',
      name: 'Ann',
      metadata: { color: 'red' },
      grants: { canPublish: true, canSubscribe: true, canPublishData: true },
    });
  });

  it('grants given are kept; the secret is still the full-access caller', async () => {
    const caller = await authenticate(apps, await sign({ ...base(), grants: { canPublish: false } }), limits, 'app-one');
    expect(caller.participant!.grants).toEqual({ canPublish: false, canSubscribe: true, canPublishData: true });
    expect(await authenticate(apps, 'secret-of-app-one', limits, 'app-one')).toEqual({ app: { id: 'app-one', name: 'app-one' } });
  });

  it('each refusal says which check failed', async () => {
    expect(await refusal(await sign({ ...base(), iat: now() - 700, exp: now() - 100 }))).toMatch(/^the access token expired at \d{4}-/);
    expect(await refusal(await sign({ ...base(), nbf: now() + 300 }))).toMatch(/^the access token is not valid before \d{4}-/);
    expect(await refusal(await sign(base(), { secret: 'a-different-secret' }))).toBe("the access token's signature does not verify with the secret of app app-one");
    expect(await refusal(await sign(base(), { secret: 'secret-of-app-two' }))).toMatch(/signature does not verify/);
    expect(await refusal(await sign({ ...base(), iss: 'app-two' }, { secret: 'secret-of-app-two' }), 'app-one')).toBe('the access token was issued for app "app-two", not app-one');
    expect(await refusal(await sign({ ...base(), iss: 'nobody' }))).toMatch(/which this server does not serve/);
    expect(await refusal(await sign({ ...base(), exp: now() + 25 * 3600 }))).toMatch(/at most 86400 s \(24 h\)/);
    const { exp: _exp, ...noExp } = base();
    expect(await refusal(await sign(noExp))).toMatch(/no "exp"/);
    const { room: _room, ...noRoom } = base();
    expect(await refusal(await sign(noRoom))).toMatch(/room must be a string of 1 to 128 characters/);
    expect(await refusal(await sign({ ...base(), sub: 'x'.repeat(129) }))).toMatch(/sub \(the participant identity\) must be/);
    expect(await refusal(await sign({ ...base(), grants: { canFly: true } }))).toMatch(/unknown grant "canFly"/);
    expect(await refusal(await sign({ ...base(), grants: { canPublish: 'yes' } }))).toMatch(/grant "canPublish" must be true or false/);
    expect(await refusal(await sign({ ...base(), metadata: { big: 'x'.repeat(2000) } }))).toMatch(/"metadata": metadata is more than 1024 bytes/);
    expect(await refusal(await sign(base(), { alg: 'HS512' }))).toMatch(/signed HS256, this one says "HS512"/);
    expect(await refusal('eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln')).toMatch(/^malformed access token/);
    expect(await refusal('not-a-secret-nor-a-token')).toBe('the bearer token is neither the secret of an app nor an access token');
    // An unsigned token ("alg": "none") is never accepted.
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(base())).toString('base64url')}.`;
    expect(await refusal(none)).toMatch(/signed HS256/);
  });

  it('minting refuses what verifying would refuse, and what it mints verifies', async () => {
    const { token, expiresAt } = await mintAccessToken('app-one', apps.signingKey('app-one'), { room: 'lobby', identity: 'bob', ttlSeconds: 60, grants: { canSubscribe: false } }, limits);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const caller = await authenticate(apps, token, limits, 'app-one');
    expect(caller.participant).toMatchObject({ identity: 'bob', room: 'lobby', grants: { canSubscribe: false } });
    await expect(mintAccessToken('app-one', apps.signingKey('app-one'), { room: 'lobby', identity: 'bob', ttlSeconds: 90_000 }, limits)).rejects.toThrow(/ttlSeconds must be an integer from 1 to 86400/);
    await expect(mintAccessToken('app-one', apps.signingKey('app-one'), { room: '', identity: 'bob' }, limits)).rejects.toMatchObject({ code: 'invalid_params', message: 'room must be a string of 1 to 128 characters' });
  });
});
