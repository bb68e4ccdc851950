// @ts-check
/**
 * The grid of tiles: one per participant session (its camera and microphone) and one per shared
 * screen. Each is a `figure[data-session][data-track]` whose `figcaption` is the name, with
 * `data-muted-audio`, `data-muted-video` and `data-speaking` ("true" / "false") for styling
 * and tests.
 */

/** How loud (0..1) counts as speaking, and for how long a word keeps the ring on. */
const speakingLevel = 0.02;
const speakingHoldMs = 600;

/** @param {string} name */
function initials(name) {
  const words = name.replace(/\(.*\)/, '').trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

export class Tile {
  /** @type {MediaStreamTrack | undefined} */
  videoTrack;
  /** @type {MediaStreamTrack | undefined} */
  audioTrack;
  /** @type {() => Promise<number | undefined>} the current audio level, 0..1 */
  level = async () => undefined;
  #lastSpoke = 0;

  /**
   * @param {string} session
   * @param {string} track "video" (camera and microphone) or "screen"
   * @param {{ local: boolean, onAudioBlocked: () => void }} options
   */
  constructor(session, track, { local, onAudioBlocked }) {
    this.onAudioBlocked = onAudioBlocked;
    const figure = document.createElement('figure');
    figure.className = `tile tile-${track}`;
    figure.dataset.session = session;
    figure.dataset.track = track;
    if (local) figure.dataset.local = 'true';
    figure.innerHTML = `
      <video autoplay playsinline muted></video>
      <div class="avatar" aria-hidden="true"></div>
      <div class="badges">
        <span class="badge mic-off" title="Microphone off" aria-label="Microphone off">${icons.micOff}</span>
        <span class="badge cam-off" title="Camera off" aria-label="Camera off">${icons.camOff}</span>
      </div>
      <figcaption></figcaption>
      <audio autoplay></audio>`;
    this.figure = figure;
    this.video = /** @type {HTMLVideoElement} */ (figure.querySelector('video'));
    this.audio = /** @type {HTMLAudioElement} */ (figure.querySelector('audio'));
    this.setMuted('audio', false);
    this.setMuted('video', false);
    this.#setHasVideo(false);
    figure.dataset.speaking = 'false';
  }

  get session() {
    return this.figure.dataset.session ?? '';
  }

  /** @param {string} session */
  set session(session) {
    this.figure.dataset.session = session;
  }

  /** @param {string} name */
  setName(name) {
    this.figure.querySelector('figcaption').textContent = name;
    /** @type {HTMLElement} */ (this.figure.querySelector('.avatar')).textContent = initials(name);
  }

  /** @param {MediaStreamTrack | undefined} track */
  setVideo(track) {
    this.videoTrack = track;
    this.video.srcObject = track ? new MediaStream([track]) : null;
    this.#setHasVideo(Boolean(track));
    if (track) this.video.play().catch(() => {});
  }

  /** @param {MediaStreamTrack | undefined} track */
  setAudio(track) {
    this.audioTrack = track;
    this.audio.srcObject = track ? new MediaStream([track]) : null;
    if (track) this.playAudio();
  }

  /** Starts the remote audio; a browser that wants a click first gets one asked for. */
  playAudio() {
    if (!this.audioTrack || this.figure.dataset.local) return;
    this.audio.play().catch((error) => {
      if (error?.name === 'NotAllowedError') this.onAudioBlocked();
    });
  }

  /** @param {'audio' | 'video'} kind @param {boolean} muted */
  setMuted(kind, muted) {
    this.figure.dataset[kind === 'audio' ? 'mutedAudio' : 'mutedVideo'] = String(muted);
    if (muted && kind === 'audio') this.figure.dataset.speaking = 'false';
  }

  /** @param {boolean} has */
  #setHasVideo(has) {
    this.figure.dataset.hasVideo = String(has);
  }

  /** Polls the audio level and sets `data-speaking`. */
  async updateSpeaking() {
    const level = this.figure.dataset.mutedAudio === 'true' ? undefined : await this.level().catch(() => undefined);
    const now = performance.now();
    if (level !== undefined && level > speakingLevel) this.#lastSpoke = now;
    this.figure.dataset.speaking = String(now - this.#lastSpoke < speakingHoldMs);
  }

  remove() {
    this.video.srcObject = null;
    this.audio.srcObject = null;
    this.figure.remove();
  }
}

export class TileGrid {
  /** @type {Map<string, Tile>} */
  #tiles = new Map();
  #timer;

  /**
   * @param {HTMLElement} container
   * @param {{ onAudioBlocked: () => void, onChange: (count: number) => void }} options
   */
  constructor(container, { onAudioBlocked, onChange }) {
    this.container = container;
    this.onAudioBlocked = onAudioBlocked;
    this.onChange = onChange;
    this.#timer = setInterval(() => this.#tiles.forEach((tile) => tile.updateSpeaking()), 200);
  }

  /**
   * The tile of a session's camera ("video") or screen, created on first use.
   * @param {string} session
   * @param {string} track
   * @param {{ name: string, local?: boolean }} options
   */
  tile(session, track, { name, local = false }) {
    const key = `${session}/${track}`;
    let tile = this.#tiles.get(key);
    if (!tile) {
      tile = new Tile(session, track, { local, onAudioBlocked: this.onAudioBlocked });
      this.#tiles.set(key, tile);
      // The grid's order comes from CSS: shared screens first, then you, then the others.
      this.container.append(tile.figure);
      this.#changed();
    }
    tile.setName(name);
    return tile;
  }

  /** @param {string} session @param {string} track */
  get(session, track) {
    return this.#tiles.get(`${session}/${track}`);
  }

  /** Gives a tile a new session (the local tiles after a rejoin). @param {Tile} tile @param {string} session */
  rekey(tile, session) {
    for (const [key, value] of this.#tiles) if (value === tile) this.#tiles.delete(key);
    tile.session = session;
    this.#tiles.set(`${session}/${tile.figure.dataset.track}`, tile);
  }

  /** @param {string} session @param {string} [track] all of the session's tiles without one */
  remove(session, track) {
    for (const [key, tile] of this.#tiles) {
      if (tile.session === session && (track === undefined || tile.figure.dataset.track === track)) {
        tile.remove();
        this.#tiles.delete(key);
      }
    }
    this.#changed();
  }

  /** Removes every tile but the local ones. */
  clearRemote() {
    for (const tile of [...this.#tiles.values()]) if (!tile.figure.dataset.local) this.remove(tile.session);
  }

  clear() {
    for (const tile of this.#tiles.values()) tile.remove();
    this.#tiles.clear();
    this.#changed();
  }

  /** After a click: retries the remote audio a browser refused to autoplay. */
  playAudio() {
    this.#tiles.forEach((tile) => tile.playAudio());
  }

  #changed() {
    this.container.dataset.count = String(this.#tiles.size);
    this.onChange(this.#tiles.size);
  }

  close() {
    clearInterval(this.#timer);
    this.clear();
  }
}

const svg = (path) => `<svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;
export const icons = {
  mic: svg('<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>'),
  micOff: svg('<path d="M3 3l18 18M9 9v2a3 3 0 0 0 5 2.2M15 10V6a3 3 0 0 0-5.7-1.3M5 11a7 7 0 0 0 11.4 5.4M19 11a7 7 0 0 1-.6 2.8M12 18v3"/>'),
  cam: svg('<rect x="3" y="6" width="13" height="12" rx="2"/><path d="M16 10l5-3v10l-5-3z"/>'),
  camOff: svg('<path d="M3 3l18 18M16 16v0a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h1M9.5 6H14a2 2 0 0 1 2 2v3.5l5-3.5v9"/>'),
  screen: svg('<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4"/>'),
  leave: svg('<path d="M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l-5-5 5-5M5 12h12"/>'),
};
