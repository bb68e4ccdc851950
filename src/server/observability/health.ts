/** One condition of readiness, as `/readyz` reports it. */
export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface HealthOptions {
  /** Each condition the server must meet to take new sessions, by name (workers, draining, store). */
  readiness: () => Promise<Record<string, ReadinessCheck>>;
}

/**
 * `/healthz`: the process answers (liveness: restart it when this fails). `/readyz`: it should be
 * sent new sessions: every check passes (mediasoup workers up, Redis reachable in cluster mode, not
 * draining). Both answer JSON, 200 or 503, and need no credential (they say nothing of sessions).
 */
export function createHealthHandler({ readiness }: HealthOptions): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
    if (pathname !== '/readyz') return undefined;
    const checks = await readiness();
    const ready = Object.values(checks).every((c) => c.ok);
    return Response.json({ status: ready ? 'ready' : 'not_ready', checks }, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
  };
}
