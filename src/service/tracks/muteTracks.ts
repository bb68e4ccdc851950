import type { Session } from '../session/Session.js';
import type { ItemError } from '../errors.js';
import { PublishedTrack } from './PublishedTrack.js';

export interface MuteRequest {
  mid: string;
  muted: boolean;
}

export type MuteResult = { mid: string; muted?: boolean } & Partial<ItemError>;

/**
 * Mutes and unmutes the session's own published tracks (GraphQL `muteTracks`). Nothing is
 * renegotiated: the producer pauses, subscribers keep their transceivers, and every subscriber
 * of the room hears of it (trackMuted).
 */
export async function muteTracks(session: Session, items: MuteRequest[]): Promise<MuteResult[]> {
  const results: MuteResult[] = [];
  for (const { mid, muted } of items) {
    const track = session.tracks.find((t): t is PublishedTrack => t instanceof PublishedTrack && t.mid === mid && !t.closed);
    if (!track) {
      results.push({ mid, errorCode: 'update_track_error', errorDescription: `no open published track has mid ${mid} in this session` });
      continue;
    }
    await session.setTrackMuted(track, muted);
    results.push({ mid, muted: track.muted });
  }
  return results;
}
