import { bearerToken, readBodyAtMost, SfuError, type Logger, type SfuApi } from '../src/service/index.js';
import { playStream } from './play.js';
import { publishStream, type Created } from './publish.js';
import { deleteResource, etagOf, patchResource } from './resource.js';
import { endpointMethods, errorResponse, HttpRefusal, preflight, resourceMethods, sdpResponse } from './responses.js';
import { WhipStreams, type ResourceKind } from './WhipStreams.js';

export interface WhipWhepOptions {
  /** Largest SDP body accepted, in bytes. @default the server's limits.maxBodyBytes (1 MiB) */
  maxBodyBytes: number;
  log: Logger;
}

/** `/v1/apps/{appId}/whip|whep/{streamName}` (the endpoint) and `.../{sessionId}` (a resource). */
const path = /^\/v1\/apps\/([^/]+)\/(whip|whep)\/([^/]+)(?:\/([^/]+))?\/?$/;

/** A parsed WHIP/WHEP URL. */
interface Target {
  appId: string;
  kind: ResourceKind;
  streamName: string;
  sessionId?: string;
}

/**
 * WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) as a fetch handler over the same service as the
 * other faces: each stream is an ordinary session (presence, GET /sessions/{id}, GraphQL see it).
 * Undefined for any other path. docs/adapters.md describes the endpoints.
 */
export function createWhipWhepHandler(service: SfuApi, options: WhipWhepOptions) {
  const streams = new WhipStreams(service);

  const handle = async function handleWhipWhep(request: Request): Promise<Response | undefined> {
    const target = parse(new URL(request.url).pathname);
    if (!target) return undefined;
    const methods = target.sessionId === undefined ? endpointMethods : resourceMethods;
    if (request.method === 'OPTIONS') return preflight(request, methods);
    try {
      if (!methods.split(', ').includes(request.method)) {
        throw new HttpRefusal(405, 'not_found', `${request.method} is not allowed here; allowed: ${methods}`, { Allow: methods });
      }
      const caller = await service.authenticate(bearerToken(request.headers.get('authorization')), target.appId);
      const { appId, kind, streamName, sessionId } = target;
      if (sessionId === undefined) {
        const offer = await readText(request, 'application/sdp', options.maxBodyBytes);
        const create = kind === 'whip' ? publishStream : playStream;
        return created(request, await create({ service, streams, caller, appId, streamName, offer }));
      }
      const resource = streams.resource(kind, appId, streamName, sessionId);
      if (!resource) throw new SfuError('not_found', `no ${kind.toUpperCase()} resource ${sessionId} for stream "${streamName}"`);
      if (request.method === 'DELETE') return await deleteResource(request, service, streams, caller, resource);
      const body = await readText(request, 'application/trickle-ice-sdpfrag', options.maxBodyBytes);
      return await patchResource({ request, service, caller, resource, body });
    } catch (error) {
      return errorResponse(request, error, options.log);
    }
  };
  return Object.assign(handle, { close: () => streams.close() });
}

/** 201 Created with the SFU's answer, the resource's URL and its entity tag. */
function created(request: Request, resource: Created): Response {
  const location = `/v1/apps/${encodeURIComponent(resource.appId)}/${resource.kind}/${encodeURIComponent(resource.streamName)}/${resource.sessionId}`;
  return sdpResponse(request, 201, resource.answer, { Location: location, ETag: etagOf(resource) });
}

function parse(pathname: string): Target | undefined {
  const match = path.exec(pathname);
  if (!match) return undefined;
  try {
    const [, appId, kind, streamName, sessionId] = match;
    return {
      appId: decodeURIComponent(appId!),
      kind: kind as ResourceKind,
      streamName: decodeURIComponent(streamName!),
      ...(sessionId !== undefined ? { sessionId: decodeURIComponent(sessionId) } : {}),
    };
  } catch {
    // A malformed %-escape: not a URL of ours; the REST face answers it in the contract's shape.
    return undefined;
  }
}

/** The body as text, if its media type is `type` (else 415) and it fits `maxBytes` (else 413). */
async function readText(request: Request, type: string, maxBytes: number): Promise<string> {
  const given = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (given !== type) {
    const accept: Record<string, string> = type === 'application/sdp' ? { 'Accept-Post': type } : { 'Accept-Patch': type };
    throw new HttpRefusal(415, 'decoding_error', `the body must be ${type}, not ${given ?? 'untyped'}`, accept);
  }
  const bytes = await readBodyAtMost(request, maxBytes);
  if (bytes === undefined) throw new SfuError('payload_too_large', `the body is larger than ${maxBytes} bytes`);
  return new TextDecoder().decode(bytes);
}
