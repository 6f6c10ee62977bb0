/**
 * What the page measured, on window.vbConsole, for the browser tests and for anyone debugging in
 * the developer tools: audio frames received per side while listening and their level, microphone
 * frames sent, the mode, suggestions, and the last error shown. Holds no token and no audio.
 */
export interface StreamMeasure {
  /** 20 ms frames received (listen) or sent (talk). */
  frames: number;
  /** RMS of the recent frames, 0..1 of full scale (exponential average over ~0.5 s). */
  rms: number;
  /** Loudest single frame so far, 0..1. */
  peakRms: number;
}

export interface Measurements {
  signedIn: boolean;
  callsShown: number;
  eventsReceived: number;
  openCall: string | null;
  operator: "closed" | "connecting" | "ready";
  listen: { caller: StreamMeasure; assistant: StreamMeasure };
  talk: StreamMeasure;
  mode: string | null;
  suggestions: string[];
  levels: { caller: number; assistant: number } | null;
  lastError: string | null;
}

function stream(): StreamMeasure {
  return { frames: 0, rms: 0, peakRms: 0 };
}

export const measurements: Measurements = {
  signedIn: false,
  callsShown: 0,
  eventsReceived: 0,
  openCall: null,
  operator: "closed",
  listen: { caller: stream(), assistant: stream() },
  talk: stream(),
  mode: null,
  suggestions: [],
  levels: null,
  lastError: null,
};

export function resetCallMeasurements(): void {
  measurements.listen = { caller: stream(), assistant: stream() };
  measurements.talk = stream();
  measurements.mode = null;
  measurements.suggestions = [];
  measurements.levels = null;
}

/** Counts one PCM16 frame and folds its RMS into the running average. */
export function measureFrame(into: StreamMeasure, samples: Int16Array): void {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = samples.length ? Math.sqrt(sum / samples.length) / 32768 : 0;
  into.frames++;
  into.peakRms = Math.max(into.peakRms, rms);
  // 25 frames = 0.5 s time constant.
  into.rms = Math.sqrt(into.rms * into.rms + (rms * rms - into.rms * into.rms) / 25);
}

declare global {
  interface Window {
    vbConsole: Measurements;
  }
}
window.vbConsole = measurements;
