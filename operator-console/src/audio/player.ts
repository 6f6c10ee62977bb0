/**
 * Plays the operator socket's tagged PCM frames (8 kHz PCM16, 20 ms) with WebAudio: one playhead
 * per side, each frame an AudioBuffer scheduled right after the previous one, so both sides mix.
 * A side that falls behind (a network pause) restarts 60 ms ahead of now; one that runs more than
 * 400 ms ahead drops frames rather than let the delay grow. Runs on the main thread.
 */
const LEAD_SECONDS = 0.06;
const MAX_AHEAD_SECONDS = 0.4;

export class PcmPlayer {
  private readonly playheads = new Map<number, number>();

  constructor(private readonly context: AudioContext) {}

  play(side: number, samples: Int16Array, sampleRate: number): void {
    const now = this.context.currentTime;
    let at = this.playheads.get(side) ?? 0;
    if (at < now + 0.01) at = now + LEAD_SECONDS;
    if (at > now + MAX_AHEAD_SECONDS) return;
    const buffer = this.context.createBuffer(1, samples.length, sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    source.start(at);
    this.playheads.set(side, at + buffer.duration);
  }

  reset(): void {
    this.playheads.clear();
  }
}
