import { SfuError, type Caller, type SfuApi } from '../src/service/index.js';
import { answerFragment, iceCredentials, withIceCredentials } from './iceFragment.js';
import { emptyResponse, HttpRefusal, sdpResponse } from './responses.js';
import type { StreamResource, WhipStreams } from './WhipStreams.js';

/** The resource's current entity tag: it changes whenever the SFU's answer does (an ICE restart). */
export function etagOf(resource: StreamResource): string {
  return `"${resource.sessionId}-${resource.version}"`;
}

/** DELETE: the session ends now (its tracks close, the room hears it leave); RFC 9725 says 200. */
export async function deleteResource(request: Request, service: SfuApi, streams: WhipStreams, caller: Caller, resource: StreamResource): Promise<Response> {
  try {
    await service.closeSession(caller, resource.sessionId);
  } catch (error) {
    // It ended meanwhile (its PeerConnection dropped): as absent as an unknown resource.
    if (error instanceof SfuError && (error.code === 'not_found' || error.reason === 'gone')) {
      streams.forget(resource.sessionId);
      throw new SfuError('not_found', `resource ${resource.sessionId} has already ended`);
    }
    throw error;
  }
  streams.forget(resource.sessionId);
  return emptyResponse(request, 200);
}

export interface PatchRequest {
  request: Request;
  service: SfuApi;
  caller: Caller;
  resource: StreamResource;
  body: string;
}

/**
 * PATCH with a trickle-ice-sdpfrag. The SFU is ICE-lite on fixed host candidates: the client's
 * trickled candidates need nothing (204). A fragment with new ICE credentials is an ICE restart: the
 * client's last offer, with those credentials, is renegotiated (the service restarts the transport's
 * ICE when the ufrag changes), and the SFU's new credentials come back as a fragment (200).
 */
export async function patchResource({ request, service, caller, resource, body }: PatchRequest): Promise<Response> {
  const ifMatch = request.headers.get('if-match');
  if (ifMatch !== null && ifMatch.trim() !== '*' && !ifMatch.split(',').some((tag) => tag.trim() === etagOf(resource))) {
    throw new HttpRefusal(412, 'invalid_params', `If-Match ${ifMatch} does not match the resource's current ETag ${etagOf(resource)}`);
  }
  const credentials = iceCredentials(body);
  const current = iceCredentials(resource.offer);
  if (!credentials || (current && credentials.ufrag === current.ufrag && credentials.pwd === current.pwd)) {
    return emptyResponse(request, 204, { ETag: etagOf(resource) });
  }
  const offer = withIceCredentials(resource.offer, credentials);
  const result = await service.renegotiate(caller, resource.sessionId, { type: 'offer', sdp: offer });
  if (!result.sessionDescription) throw new SfuError('internal_error', 'the SFU produced no answer to the ICE restart');
  resource.offer = offer;
  resource.version++;
  return sdpResponse(request, 200, answerFragment(result.sessionDescription.sdp), { ETag: etagOf(resource) }, 'application/trickle-ice-sdpfrag');
}
