import { loadSdpFixture } from '../fixtures/sdp/index.js';

/** A Chromium offer with `count` sending audio m-sections (mids 0..count-1). */
export function offerWithAudioSections(count: number): { type: 'offer'; sdp: string } {
  const sdp = loadSdpFixture('chromium-sendonly-audio-video.sdp');
  const lines = sdp.split('\r\n');
  const start = lines.findIndex((l) => l.startsWith('m=audio'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  const audio = lines.slice(start, end);
  const sections = Array.from({ length: count }, (_, i) =>
    audio
      .map((l) => (l === 'a=mid:0' ? `a=mid:${i}` : l))
      .map((l) => l.replace(/^a=ssrc:\d+/, `a=ssrc:${1000 + i}`).replace(/caeba575-3413-48b8-9da6-92c4cc6442aa/, `track-${i}`)),
  );
  const session = lines.slice(0, start).map((l) => (l.startsWith('a=group:BUNDLE') ? `a=group:BUNDLE ${Array.from({ length: count }, (_, i) => i).join(' ')}` : l));
  return { type: 'offer', sdp: [...session, ...sections.flat(), ''].join('\r\n') };
}
