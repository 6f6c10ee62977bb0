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

/** One direction of the meeting bridge, sampled 10 times a second. */
export interface BridgeLevel {
  samples: number;
  /** Samples whose RMS was above 0.01 of full scale. */
  voiced: number;
  peakRms: number;
}

export interface BridgeMeasure {
  state: "idle" | "starting" | "bridged" | "stopped" | "failed";
  /** The Azure peer connection's state. */
  azure: string;
  meeting: "idle" | "joined" | "stopped";
  /** Attendee ids the meeting reported present (the console's own, the phone's). */
  attendees: string[];
  /** Realtime event types received on the data channel. */
  azureEvents: string[];
  /** Azure's voice, as handed to the meeting as its audio input. */
  toMeeting: BridgeLevel;
  /** The meeting's audio, as handed to Azure. */
  fromMeeting: BridgeLevel;
  lastError: string | null;
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
  bridge: BridgeMeasure;
}

function level(): BridgeLevel {
  return { samples: 0, voiced: 0, peakRms: 0 };
}

export function freshBridge(): BridgeMeasure {
  return {
    state: "idle",
    azure: "new",
    meeting: "idle",
    attendees: [],
    azureEvents: [],
    toMeeting: level(),
    fromMeeting: level(),
    lastError: null,
  };
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
  bridge: freshBridge(),
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
