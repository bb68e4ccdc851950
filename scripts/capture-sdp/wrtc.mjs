// Capture SDP offers from @roamhq/wrtc (libwebrtc in Node).
// Usage: node scripts/capture-sdp/wrtc.mjs
// wrtc keeps native threads alive, so every pc is closed and the process
// exits explicitly at the end.
import wrtc from '@roamhq/wrtc';
import { packageVersion, saveSdp } from './common.mjs';

console.log(`@roamhq/wrtc ${packageVersion('@roamhq/wrtc')}`);

const { RTCPeerConnection, nonstandard } = wrtc;

function gatherComplete(pc, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const t = setTimeout(() => reject(new Error('ICE gathering timeout')), timeoutMs);
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(t);
        resolve();
      }
    };
  });
}

async function offerWithCandidates(pc) {
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  await gatherComplete(pc);
  return pc.localDescription.sdp;
}

function makeTracks() {
  const audioSource = new nonstandard.RTCAudioSource();
  const videoSource = new nonstandard.RTCVideoSource();
  const audio = audioSource.createTrack();
  const video = videoSource.createTrack();
  return { audio, video, stop: () => [audio, video].forEach((t) => t.stop()) };
}

const pcs = [];
function newPc() {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pcs.push(pc);
  return pc;
}

let failed = false;
try {
  {
    const t = makeTracks();
    const pc = newPc();
    pc.addTransceiver(t.audio, { direction: 'sendonly' });
    pc.addTransceiver(t.video, { direction: 'sendonly' });
    saveSdp('wrtc-sendonly-audio-video.sdp', await offerWithCandidates(pc));
    t.stop();
  }

  {
    const t = makeTracks();
    const pc = newPc();
    pc.addTransceiver(t.audio, { direction: 'sendonly' });
    const sendEncodings = [
      { rid: 'a', scaleResolutionDownBy: 4 },
      { rid: 'b', scaleResolutionDownBy: 2 },
      { rid: 'c' },
    ];
    try {
      const tr = pc.addTransceiver(t.video, { direction: 'sendonly', sendEncodings });
      const params = tr.sender.getParameters();
      console.log('wrtc simulcast sender encodings:', JSON.stringify(params.encodings));
      const sdp = await offerWithCandidates(pc);
      if (!/^a=simulcast:/m.test(sdp) && !/^a=ssrc-group:SIM/m.test(sdp)) {
        console.log('NOTE: wrtc offer with sendEncodings contains no simulcast lines');
      }
      saveSdp('wrtc-sendonly-simulcast.sdp', sdp);
    } catch (err) {
      console.log(`wrtc simulcast not supported: ${err}`);
    }
    t.stop();
  }

  {
    const pc = newPc();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    saveSdp('wrtc-recvonly-audio-video.sdp', await offerWithCandidates(pc));
  }
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  for (const pc of pcs) pc.close();
}
process.exit(failed ? 1 : 0);
