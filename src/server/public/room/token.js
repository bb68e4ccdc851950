// @ts-check
/**
 * What the page reads from an access token without verifying it (the server does): the room to
 * open, who it is for, and its grants. A JWT's payload is base64url JSON.
 */

/**
 * @typedef {{ room: string, identity: string, name?: string, expiresAt?: Date,
 *   grants: { canPublish: boolean, canSubscribe: boolean, canPublishData: boolean } }} TokenClaims
 */

/**
 * @param {string} token
 * @returns {TokenClaims}
 */
export function readToken(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('this is not an access token (a JWT has three parts separated by dots)');
  let claims;
  try {
    const base64 = parts[1].replaceAll('-', '+').replaceAll('_', '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('this is not an access token (its payload is not JSON)');
  }
  if (typeof claims.room !== 'string' || typeof claims.sub !== 'string') {
    throw new Error('this access token names no room or identity');
  }
  const grants = claims.grants ?? {};
  return {
    room: claims.room,
    identity: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    grants: {
      canPublish: grants.canPublish !== false,
      canSubscribe: grants.canSubscribe !== false,
      canPublishData: grants.canPublishData !== false,
    },
  };
}
