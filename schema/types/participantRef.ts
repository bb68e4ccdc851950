import type { ParticipantState } from '../../src/service/index.js';
import { builder } from '../builder.js';

/** The Participant type's reference, declared apart so events and sessions can point at it (room.ts implements it). */
export const ParticipantRef = builder.objectRef<ParticipantState>('Participant');
