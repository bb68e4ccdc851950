import type { PublishedTrack } from './PublishedTrack.js';
import type { PulledTrack } from './PulledTrack.js';

export { PublishedTrack } from './PublishedTrack.js';
export { PulledTrack } from './PulledTrack.js';

/** Any track a session has: one it publishes or one it pulls. */
export type SessionTrack = PublishedTrack | PulledTrack;
