/**
 * CORS for browsers calling the API directly (demos do). Any origin is allowed: the bearer secret,
 * not the origin, is what authorizes a call.
 */
export function preflight(request: Request): Response {
  const headers = corsHeaders(request);
  headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  headers.set(
    'Access-Control-Allow-Headers',
    request.headers.get('access-control-request-headers') ?? 'authorization, content-type',
  );
  headers.set('Access-Control-Max-Age', '86400');
  return new Response(null, { status: 204, headers });
}

export function corsHeaders(request: Request): Headers {
  const headers = new Headers({ Vary: 'Origin' });
  const origin = request.headers.get('origin');
  headers.set('Access-Control-Allow-Origin', origin ?? '*');
  headers.set('Access-Control-Expose-Headers', 'Retry-After');
  return headers;
}
