/**
 * CORS for browsers calling the API directly (demos do, and WHIP/WHEP players). Any origin is
 * allowed: the bearer secret or token, not the origin, is what authorizes a call.
 */
export interface CorsOptions {
  /** The response headers a browser client may read. @default "Retry-After" */
  exposed?: string;
  /** What a preflight allows. @default "GET, POST, PUT, DELETE, OPTIONS" */
  methods?: string;
  /** The request headers a preflight allows when the browser names none. @default "authorization, content-type" */
  allowHeaders?: string;
}

export function preflight(request: Request, options: CorsOptions = {}): Response {
  const headers = corsHeaders(request, options);
  headers.set('Access-Control-Allow-Methods', options.methods ?? 'GET, POST, PUT, DELETE, OPTIONS');
  headers.set(
    'Access-Control-Allow-Headers',
    request.headers.get('access-control-request-headers') ?? options.allowHeaders ?? 'authorization, content-type',
  );
  headers.set('Access-Control-Max-Age', '86400');
  return new Response(null, { status: 204, headers });
}

export function corsHeaders(request: Request, { exposed = 'Retry-After' }: CorsOptions = {}): Headers {
  const headers = new Headers({ Vary: 'Origin' });
  const origin = request.headers.get('origin');
  headers.set('Access-Control-Allow-Origin', origin ?? '*');
  headers.set('Access-Control-Expose-Headers', exposed);
  return headers;
}
