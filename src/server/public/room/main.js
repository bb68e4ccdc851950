// @ts-check
import { ApiError, GraphQLClient } from './graphql.js';
import { RoomSession } from './room.js';
import { TileGrid, icons } from './tiles.js';
import { readToken } from './token.js';

/** @param {string} id @returns {any} */
const $ = (id) => document.getElementById(id);

const tokenKey = 'sfu.room.token';
const params = new URLSearchParams(location.hash.slice(1));
const fromLink = params.get('token');
if (fromLink) {
  // A token in the address would stay in the history and be shared along with the link.
  sessionStorage.setItem(tokenKey, fromLink);
  history.replaceState(null, '', location.pathname + location.search);
}
$('token').value = fromLink ?? sessionStorage.getItem(tokenKey) ?? '';

/** @type {RoomSession | undefined} */
let room;
const grid = new TileGrid($('tiles'), {
  onAudioBlocked: () => ($('sound').hidden = false),
  onChange: () => {
    const people = document.querySelectorAll('#tiles figure[data-track="video"]').length;
    $('people').textContent = people ? `${people} ${people === 1 ? 'person' : 'people'}` : '';
  },
});

/** @param {import('./room.js').Status['state'] | 'idle'} state @param {string} text */
function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status-text').textContent = text;
  document.body.dataset.state = state;
}

/**
 * Shows an error, with buttons for what the person can do about it.
 * @param {string} message
 * @param {{ label: string, action: () => void, primary?: boolean }[]} [actions]
 */
function showError(message, actions = []) {
  const box = $('error');
  box.querySelector('.message').textContent = message;
  const buttons = box.querySelector('.actions');
  buttons.replaceChildren(
    ...[...actions, { label: 'Dismiss', action: () => {} }].map(({ label, action, primary }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      if (primary) button.className = 'primary';
      button.onclick = () => {
        hideError();
        action();
      };
      return button;
    }),
  );
  box.hidden = false;
}
const hideError = () => ($('error').hidden = true);

let noticeTimer;
/** @param {string} text */
function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => ($('notice').hidden = true), 3_000);
}

/** @param {'lobby' | 'stage' | 'left'} view */
function show(view) {
  for (const id of ['lobby', 'stage', 'left']) $(id).hidden = id !== view;
}

/**
 * Camera and microphone as asked; explains a refusal and offers to join with less.
 * @param {'both' | 'audio' | 'none'} media
 * @returns {Promise<MediaStream | undefined>}
 */
async function localMedia(token, media) {
  if (media === 'none') return new MediaStream();
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: media === 'both' ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
    });
  } catch (error) {
    const denied = error instanceof DOMException && error.name === 'NotAllowedError';
    const what = media === 'both' ? 'camera or microphone' : 'microphone';
    showError(
      denied
        ? `Access to your ${what} was denied (${error.message}). Allow it in the browser's site settings and try again, or join without it.`
        : `Your ${what} could not be started (${error instanceof Error ? `${error.name}: ${error.message}` : error}).`,
      [
        ...(media === 'both' ? [{ label: 'Join with microphone only', action: () => join(token, 'audio'), primary: true }] : []),
        { label: 'Join without camera or microphone', action: () => join(token, 'none'), primary: media !== 'both' },
        { label: 'Try again', action: () => join(token, media) },
      ],
    );
    return undefined;
  }
}

/** @param {string} token @param {'both' | 'audio' | 'none'} [media] */
async function join(token, media = 'both') {
  hideError();
  token = token.trim();
  let claims;
  try {
    claims = readToken(token);
  } catch (error) {
    showError(`${error instanceof Error ? error.message : error}. Paste the access token you were given.`);
    return;
  }
  $('join').disabled = true;
  setStatus('joining', 'Checking your token…');
  const api = new GraphQLClient(token);
  try {
    // Asks the server before the camera: a refused token says why (expired, wrong app, …).
    await api.run('Room', { name: claims.room });
  } catch (error) {
    $('join').disabled = false;
    setStatus('failed', 'Not joined');
    const why = error instanceof Error ? error.message : String(error);
    showError(error instanceof ApiError && error.code === 'unauthorized' ? `The server refused this access token: ${why}` : `Could not reach the room: ${why}`);
    return;
  }
  sessionStorage.setItem(tokenKey, token);

  const viewer = !claims.grants.canPublish;
  const stream = viewer ? new MediaStream() : await localMedia(token, media);
  $('join').disabled = false;
  if (!stream) return setStatus('failed', 'Not joined');

  $('room-name').textContent = claims.room;
  document.title = `${claims.room} · Realtime SFU`;
  $('viewer').hidden = !viewer;
  if (viewer) $('viewer').textContent = 'Viewing only: your access token does not allow publishing.';
  else if (stream.getTracks().length === 0) {
    $('viewer').hidden = false;
    $('viewer').textContent = 'You joined without camera or microphone: others cannot see or hear you.';
  }
  show('stage');
  room = new RoomSession({
    api,
    claims,
    grid,
    local: { stream, audioMuted: false, videoMuted: false },
    onStatus: ({ state, text }) => setStatus(state, text),
    onNotice: notice,
    onFatal: (error) => showError(`You were disconnected: ${error.message}`, [{ label: 'Back to the lobby', action: () => show('lobby') }]),
  });
  updateControls();
  const current = room;
  await current.run();
  for (const track of stream.getTracks()) track.stop();
  current.local.screen?.stop();
  if (room === current) room = undefined;
  updateControls();
}

/** @param {HTMLButtonElement} button @param {boolean} on @param {string} icon @param {string} label @param {boolean} disabled */
function setButton(button, on, icon, label, disabled) {
  button.innerHTML = `${icon}<span>${label}</span>`;
  button.setAttribute('aria-pressed', String(on));
  button.disabled = disabled;
}

function updateControls() {
  const local = room?.local;
  const hasAudio = Boolean(local?.stream.getAudioTracks().length);
  const hasVideo = Boolean(local?.stream.getVideoTracks().length);
  const canPublish = Boolean(room?.claims.grants.canPublish);
  const micOff = !hasAudio || Boolean(local?.audioMuted);
  const camOff = !hasVideo || Boolean(local?.videoMuted);
  setButton($('mic'), !micOff, micOff ? icons.micOff : icons.mic, micOff ? 'Unmute' : 'Mute', !hasAudio);
  setButton($('camera'), !camOff, camOff ? icons.camOff : icons.cam, camOff ? 'Start video' : 'Stop video', !hasVideo);
  setButton($('screen'), Boolean(local?.screen), icons.screen, local?.screen ? 'Stop sharing' : 'Share screen', !canPublish || !navigator.mediaDevices.getDisplayMedia);
  setButton($('leave'), false, icons.leave, 'Leave', !room);
}

/** @param {'audio' | 'video'} kind */
async function toggle(kind) {
  if (!room) return;
  const muted = !(kind === 'audio' ? room.local.audioMuted : room.local.videoMuted);
  const pending = room.setMuted(kind, muted);
  updateControls();
  await pending.catch((error) => showError(`Could not ${muted ? 'mute' : 'unmute'} for the others: ${error.message}`));
}

async function toggleScreen() {
  const current = room;
  if (!current) return;
  try {
    if (current.local.screen) {
      await current.setScreen(undefined);
    } else {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const [track] = display.getVideoTracks();
      // The browser's own "Stop sharing" ends the track.
      track.addEventListener('ended', () => current.local.screen === track && current.setScreen(undefined).finally(updateControls));
      const sharing = current.setScreen(track);
      updateControls();
      await sharing;
    }
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'NotAllowedError')) showError(`Screen sharing failed: ${error instanceof Error ? error.message : error}`);
  }
  updateControls();
}

async function leave() {
  const current = room;
  if (!current) return;
  await current.leave();
  show('left');
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  join($('token').value);
});
$('mic').onclick = () => toggle('audio');
$('camera').onclick = () => toggle('video');
$('screen').onclick = toggleScreen;
$('leave').onclick = leave;
$('rejoin').onclick = () => join(sessionStorage.getItem(tokenKey) ?? '');
$('to-lobby').onclick = () => show('lobby');
$('sound').querySelector('button').onclick = () => {
  $('sound').hidden = true;
  grid.playAudio();
};
addEventListener('pagehide', () => room?.closeNow());

setStatus('idle', 'Not joined');
updateControls();
show('lobby');
if (fromLink && params.get('autostart') !== '0') join(fromLink);
