/**
 * One open call: its events (`GET /api/calls/{id}/events`, replayed then live) as transcript, tool
 * calls and operator actions; and its operator WebSocket for levels, listen, talk, mode, hang-up
 * and transfer. Opening another call closes both. Main thread; audio runs in WebAudio's threads.
 */
import { apiFetch, problemDetail } from "./auth";
import { PcmPlayer } from "./audio/player";
import { Microphone } from "./audio/microphone";
import { byId, element } from "./dom";
import { parseCallEvent, type CallEvent } from "./events";
import { measureFrame, measurements, resetCallMeasurements } from "./measurements";
import { OperatorLink } from "./operator";
import { readEvents } from "./sse";

type Mode = "assistant" | "copilot";

export class CallView {
  private events: AbortController | null = null;
  private link: OperatorLink | null = null;
  private lastSeq = 0;
  private ended = false;
  private listening = false;
  private talking = false;
  private mode: Mode = "assistant";
  private sampleRate = 8000;
  private audio: AudioContext | null = null;
  private player: PcmPlayer | null = null;
  private mic: Microphone | null = null;

  private readonly view = byId("call-view");
  private readonly status = byId("cv-status");
  private readonly listenButton = byId<HTMLButtonElement>("listen");
  private readonly talkButton = byId<HTMLButtonElement>("talk");
  private readonly modeButton = byId<HTMLButtonElement>("mode");
  private readonly hangupButton = byId<HTMLButtonElement>("hangup");
  private readonly transferButton = byId<HTMLButtonElement>("transfer");

  constructor(private readonly onRefused: (message: string) => void) {
    this.listenButton.addEventListener("click", () => this.toggleListen());
    this.talkButton.addEventListener("click", () => void this.toggleTalk());
    this.modeButton.addEventListener("click", () => this.link?.mode(this.mode === "assistant" ? "copilot" : "assistant"));
    this.hangupButton.addEventListener("click", () => this.link?.hangup());
    byId<HTMLFormElement>("transfer-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const to = byId<HTMLInputElement>("transfer-to").value.trim();
      if (to) this.link?.transfer(to);
    });
  }

  open(callId: string): void {
    this.close();
    this.lastSeq = 0;
    this.ended = false;
    resetCallMeasurements();
    measurements.openCall = callId;
    for (const id of ["transcript", "tools", "actions", "suggestions"]) byId(id).replaceChildren();
    byId("cv-id").textContent = callId;
    byId("cv-state").textContent = "";
    byId("cv-parties").textContent = "";
    this.showMode("assistant");
    this.say("");
    this.view.hidden = false;
    this.controls(false);
    this.events = new AbortController();
    void this.streamEvents(callId, this.events.signal);
    this.connectOperator(callId);
  }

  close(): void {
    this.events?.abort();
    this.events = null;
    this.stopTalking();
    this.listening = false;
    this.player?.reset();
    this.link?.close();
    this.link = null;
    measurements.openCall = null;
    measurements.operator = "closed";
    this.view.hidden = true;
  }

  private async streamEvents(callId: string, signal: AbortSignal): Promise<void> {
    try {
      const response = await apiFetch(`/api/calls/${encodeURIComponent(callId)}/events`, {
        headers: { Accept: "text/event-stream" },
        signal,
      });
      if (response.status === 401) return this.onRefused(await problemDetail(response));
      if (!response.ok) return this.say(`Call events unavailable: ${await problemDetail(response)}`);
      await readEvents(response, (message) => {
        const event = parseCallEvent(message.data);
        if (event && event.data.callId === callId) this.apply(event);
      });
    } catch (e) {
      if (!signal.aborted) this.say(`Call events interrupted: ${String(e)}`);
    }
  }

  private apply(event: CallEvent): void {
    const d = event.data;
    // A replay after a reconnect repeats what was already shown.
    if (typeof d.seq === "number") {
      if (d.seq <= this.lastSeq) return;
      this.lastSeq = d.seq;
    }
    switch (event.type) {
      case "call.started":
        byId("cv-parties").textContent =
          `${d.direction ?? ""} ${d.transport ?? ""} call from ${d.from ?? "?"} to ${d.to ?? "?"}, profile ${d.profile || "default"}`;
        byId("cv-state").textContent = d.state ?? "";
        break;
      case "call.answered":
      case "call.state":
        byId("cv-state").textContent = d.state ?? "";
        break;
      case "transcript.turn": {
        const li = element("li", undefined, d.speaker === "caller" ? "caller" : "assistant");
        if (d.interrupted) li.classList.add("interrupted");
        li.append(element("strong", d.speaker === "caller" ? "Caller" : "Assistant"), d.text ?? "");
        byId("transcript").append(li);
        break;
      }
      case "tool.called":
        byId("tools").append(element("li", `${d.name ?? "?"} (${d.toolCallId ?? ""})`));
        break;
      case "operator.action":
        byId("actions").append(element("li", `${d.by ?? "?"}: ${d.action ?? "?"}${d.detail ? ` ${d.detail}` : ""}`));
        break;
      case "call.transferred":
        byId("cv-state").textContent = `TRANSFERRED to ${d.to ?? "?"}`;
        break;
      case "call.ended":
        this.ended = true;
        byId("cv-state").textContent = `ENDED (${d.reason ?? "?"})`;
        this.stopTalking();
        this.controls(false);
        break;
    }
  }

  private connectOperator(callId: string): void {
    measurements.operator = "connecting";
    const link: OperatorLink = new OperatorLink(callId, {
      ready: (mode, by, sampleRate) => {
        if (this.link !== link) return;
        measurements.operator = "ready";
        this.sampleRate = sampleRate;
        this.showMode(mode as Mode);
        this.say(`Connected as operator ${by}.`);
        this.controls(!this.ended);
      },
      levels: (caller, assistant) => {
        measurements.levels = { caller, assistant };
        this.level("caller", caller);
        this.level("assistant", assistant);
      },
      mode: (mode, by) => {
        this.showMode(mode as Mode);
        this.say(`Mode ${mode}${by ? ` (set by ${by})` : ""}.`);
      },
      suggestion: (text) => {
        measurements.suggestions.push(text);
        byId("suggestions").append(element("li", text));
      },
      error: (message) => this.say(message, true),
      audio: (side, samples) => {
        measureFrame(side === 0 ? measurements.listen.caller : measurements.listen.assistant, samples);
        if (this.listening) this.player?.play(side, samples, this.sampleRate);
      },
      closed: (code, reason) => {
        if (this.link !== link) return;
        measurements.operator = "closed";
        this.stopTalking();
        this.controls(false);
        if (code !== 1000 || reason) this.say(`Operator connection closed: ${reason || code}`, code !== 1000);
      },
    });
    this.link = link;
  }

  private toggleListen(): void {
    if (!this.link) return;
    this.listening = !this.listening;
    if (this.listening) this.player = new PcmPlayer(this.audioContext());
    else this.player?.reset();
    this.link.listen(this.listening);
    this.listenButton.setAttribute("aria-pressed", String(this.listening));
  }

  private async toggleTalk(): Promise<void> {
    if (!this.link) return;
    if (this.talking) return this.stopTalking();
    this.talking = true;
    this.talkButton.setAttribute("aria-pressed", "true");
    this.link.talk(true);
    this.mic = new Microphone(this.audioContext());
    try {
      await this.mic.start((frame) => {
        if (this.link?.sendAudio(frame)) measureFrame(measurements.talk, frame);
      });
    } catch (e) {
      this.say(`Microphone unavailable: ${String(e)}`, true);
      this.stopTalking();
    }
  }

  private stopTalking(): void {
    if (!this.talking) return;
    this.talking = false;
    this.talkButton.setAttribute("aria-pressed", "false");
    this.mic?.stop();
    this.mic = null;
    if (this.link?.ready) this.link.talk(false);
  }

  /** One context for playback and capture, created on a click so autoplay rules let it run. */
  private audioContext(): AudioContext {
    this.audio ??= new AudioContext({ latencyHint: "interactive" });
    void this.audio.resume();
    return this.audio;
  }

  private showMode(mode: Mode): void {
    this.mode = mode;
    measurements.mode = mode;
    byId("cv-mode").textContent = mode;
    this.modeButton.textContent = mode === "assistant" ? "Switch to copilot" : "Switch to assistant";
  }

  private level(side: "caller" | "assistant", dbfs: number): void {
    byId<HTMLMeterElement>(`level-${side}`).value = Math.max(-90, Math.min(0, dbfs));
    byId(`level-${side}-text`).textContent = `${dbfs.toFixed(0)} dBFS`;
  }

  private controls(enabled: boolean): void {
    for (const b of [this.listenButton, this.talkButton, this.modeButton, this.hangupButton, this.transferButton]) {
      b.disabled = !enabled;
    }
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle("error", error);
    if (error) measurements.lastError = text;
  }
}
