/** Tone generation and detection for the audio tests. */

/** The power of `frequency` in the samples (Goertzel). */
function goertzel(samples: ArrayLike<number>, frequency: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i]! + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

/** The loudest frequency of `from`..`to` Hz in `step` steps. */
export function dominantFrequency(samples: ArrayLike<number>, from: number, to: number, step: number, sampleRate = 48_000): number {
  let best = from;
  let bestPower = -1;
  for (let f = from; f <= to; f += step) {
    const power = goertzel(samples, f, sampleRate);
    if (power > bestPower) [best, bestPower] = [f, power];
  }
  return best;
}

/** Root mean square of the samples (16-bit scale): near 0 is silence. */
export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** `ms` of a sine tone as 48 kHz stereo s16le PCM, starting at sample `offset` (so chunks join without a click). */
export function pcmTone(frequency: number, ms: number, offset = 0, amplitude = 8000): Buffer {
  const samples = (48_000 * ms) / 1000;
  const pcm = Buffer.alloc(samples * 4);
  for (let i = 0; i < samples; i++) {
    const value = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * (offset + i)) / 48_000));
    pcm.writeInt16LE(value, i * 4);
    pcm.writeInt16LE(value, i * 4 + 2);
  }
  return pcm;
}
