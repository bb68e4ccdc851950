// Capture SDP offers from werift (pure TypeScript WebRTC).
// Usage: node scripts/capture-sdp/werift.mjs
import { MediaStream, MediaStreamTrack, RTCPeerConnection } from 'werift';
import { packageVersion, saveSdp } from './common.mjs';

console.log(`werift ${packageVersion('werift')}`);

function gatherComplete(pc, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const t = setTimeout(() => reject(new Error('ICE gathering timeout')), timeoutMs);
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') {
        clearTimeout(t);
        unSubscribe();
        resolve();
      }
    });
  });
}

async function offerWithCandidates(pc) {
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  await gatherComplete(pc);
  return pc.localDescription.sdp;
}

const pcs = [];
let failed = false;
try {
  {
    // Real (werift) MediaStreamTracks attached to sendonly transceivers.
    const audio = new MediaStreamTrack({ kind: 'audio' });
    const video = new MediaStreamTrack({ kind: 'video' });
    const stream = new MediaStream([audio, video]);
    const pc = new RTCPeerConnection({ iceServers: [] });
    pcs.push(pc);
    pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
    pc.addTransceiver(video, { direction: 'sendonly', streams: [stream] });
    saveSdp('werift-sendonly-audio-video.sdp', await offerWithCandidates(pc));
  }
  {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pcs.push(pc);
    pc.addTransceiver('video', { direction: 'recvonly' });
    saveSdp('werift-recvonly-video.sdp', await offerWithCandidates(pc));
  }
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  for (const pc of pcs) await pc.close();
}
process.exit(failed ? 1 : 0);
