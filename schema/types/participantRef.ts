import type { Caller, ParticipantState, SfuApi } from '../../src/service/index.js';
import { builder } from '../builder.js';

/** The Participant type's reference, declared apart so events and sessions can point at it (room.ts implements it). */
export const ParticipantRef = builder.objectRef<ParticipantState>('Participant');

/** The participant a session (or its event) belongs to, as it is now; null without a room and identity, or once it left. */
export async function liveParticipant(
  service: SfuApi,
  caller: Caller,
  of: { room?: string | undefined; identity?: string | undefined },
): Promise<ParticipantState | null> {
  if (of.room === undefined || of.identity === undefined) return null;
  return (await service.participant(caller, of.room, of.identity)) ?? null;
}
