import type { Caller, SfuApi, SessionState } from '../../src/service/index.js';
import { builder } from '../builder.js';

/** The Session type's reference, declared apart so Track and events can point at it (session.ts implements it). */
export const SessionRef = builder.objectRef<SessionState>('Session');

/** The session's current state while it is live in this app, else null. A read, not an API call: it spends no call budget. */
export async function liveSession(service: SfuApi, caller: Caller, sessionId: string): Promise<SessionState | null> {
  return (await service.findSession(caller, sessionId)) ?? null;
}
