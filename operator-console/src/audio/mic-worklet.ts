/**
 * Runs on the audio rendering thread (AudioWorkletGlobalScope): takes the microphone at the
 * context's rate (typically 48 kHz), low-passes it at 3.4 kHz (a 63-tap Hamming-windowed sinc, so
 * nothing above 4 kHz folds back into the phone band), resamples to 8 kHz by linear interpolation,
 * and posts one 160-sample PCM16 frame (20 ms) at a time to the main thread.
 */
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const OUT_RATE = 8000;
const FRAME = 160;
const TAPS = 63;
const CUTOFF_HZ = 3400;

function lowPass(rate: number): Float32Array {
  const taps = new Float32Array(TAPS);
  const fc = CUTOFF_HZ / rate;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const m = i - (TAPS - 1) / 2;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (TAPS - 1));
    taps[i] = sinc * window;
    sum += taps[i];
  }
  for (let i = 0; i < TAPS; i++) taps[i] /= sum;
  return taps;
}

class MicFrames extends AudioWorkletProcessor {
  private readonly taps = lowPass(sampleRate);
  private readonly history = new Float32Array(TAPS);
  private historyAt = 0;
  private readonly step = sampleRate / OUT_RATE;
  /** Position of the next output sample, in input samples after `previous`. */
  private position = 0;
  private previous = 0;
  private frame = new Int16Array(FRAME);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (!input) return true;
    for (const x of input) {
      const y = this.filter(x);
      // Output samples falling between `previous` (t = 0) and y (t = 1).
      while (this.position <= 1) {
        this.emit(this.previous + (y - this.previous) * this.position);
        this.position += this.step;
      }
      this.position -= 1;
      this.previous = y;
    }
    return true;
  }

  private filter(x: number): number {
    this.history[this.historyAt] = x;
    this.historyAt = (this.historyAt + 1) % TAPS;
    let acc = 0;
    for (let i = 0, j = this.historyAt; i < TAPS; i++, j = (j + 1) % TAPS) acc += this.taps[i] * this.history[j];
    return acc;
  }

  private emit(value: number): void {
    const clipped = Math.max(-1, Math.min(1, value));
    this.frame[this.filled++] = Math.round(clipped * 32767);
    if (this.filled === FRAME) {
      this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
      this.frame = new Int16Array(FRAME);
      this.filled = 0;
    }
  }
}

registerProcessor("vb-mic-frames", MicFrames);
