/** GraphQL over plain HTTP for the benches' untimed set-up and clean-up (create a session in a room, close one). */

/** Posts one operation with the app's secret; throws on a top-level error or an `Error` payload (`code`). */
export async function graphqlPost<T = Record<string, unknown>>(baseUrl: string, secret: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${body.errors?.[0]?.message ?? `HTTP ${response.status} without data`}`);
  for (const value of Object.values(body.data as Record<string, unknown>)) {
    const error = value as { code?: string; message?: string } | null;
    if (error?.code) throw new Error(`GraphQL: ${error.code}: ${error.message ?? ''}`);
  }
  return body.data;
}

const createSession = 'mutation($input: CreateSessionInput) { createSession(input: $input) { ... on CreateSessionPayload { sessionId } ... on Error { code message } } }';
const closeSession = 'mutation($sessionId: ID!) { closeSession(sessionId: $sessionId) { ... on ClosedSession { sessionId } ... on Error { code message } } }';

/** A new session in `room` (REST sessions have none): its id. */
export async function createRoomSession(baseUrl: string, secret: string, room: string): Promise<string> {
  const data = await graphqlPost<{ createSession: { sessionId: string } }>(baseUrl, secret, createSession, { input: { room } });
  return data.createSession.sessionId;
}

/** Ends a session now (REST has no call for it: its sessions end with their PeerConnection). */
export async function closeSessionNow(baseUrl: string, secret: string, sessionId: string): Promise<void> {
  await graphqlPost(baseUrl, secret, closeSession, { sessionId });
}
