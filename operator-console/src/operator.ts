/**
 * The operator WebSocket of one call (`/api/calls/{id}/operator`): authenticates with its first
 * message (browsers cannot set headers on a WebSocket, and no secret goes in a URL), then carries
 * commands out, and levels, mode changes, suggestions, errors and tagged audio in. Main thread.
 */
import { currentToken } from "./auth";

export interface OperatorHandlers {
  ready(mode: string, by: string, sampleRate: number): void;
  levels(caller: number, assistant: number): void;
  mode(mode: string, by: string | undefined): void;
  suggestion(text: string, itemId: string | undefined): void;
  error(message: string): void;
  /** side 0 = caller, 1 = what goes to the caller (assistant or operator). */
  audio(side: number, samples: Int16Array): void;
  closed(code: number, reason: string): void;
}

interface ServerMessage {
  type: string;
  mode?: string;
  by?: string;
  sampleRate?: number;
  caller?: number;
  assistant?: number;
  text?: string;
  itemId?: string;
  message?: string;
}

export class OperatorLink {
  private readonly socket: WebSocket;
  private isReady = false;

  constructor(callId: string, private readonly handlers: OperatorHandlers) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.socket = new WebSocket(`${scheme}//${location.host}/api/calls/${encodeURIComponent(callId)}/operator`);
    this.socket.binaryType = "arraybuffer";
    this.socket.onopen = () => this.socket.send(JSON.stringify({ type: "auth", token: currentToken() }));
    this.socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => this.receive(event.data);
    this.socket.onclose = (event) => {
      this.isReady = false;
      handlers.closed(event.code, event.reason);
    };
  }

  get ready(): boolean {
    return this.isReady;
  }

  listen(on: boolean): void {
    this.command({ type: "listen", on });
  }

  talk(on: boolean): void {
    this.command({ type: "talk", on });
  }

  mode(mode: "assistant" | "copilot"): void {
    this.command({ type: "mode", mode });
  }

  hangup(): void {
    this.command({ type: "hangup" });
  }

  transfer(to: string): void {
    this.command({ type: "transfer", to });
  }

  /** One 20 ms frame of the operator's microphone, 8 kHz PCM16 little-endian (the browser's order). */
  sendAudio(frame: Int16Array<ArrayBuffer>): boolean {
    if (!this.isReady || this.socket.bufferedAmount > 16 * 320) return false;
    this.socket.send(frame);
    return true;
  }

  close(): void {
    this.socket.close(1000, "operator left");
  }

  private command(message: object): void {
    if (!this.isReady) {
      this.handlers.error("The operator connection is not open.");
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  private receive(data: string | ArrayBuffer): void {
    if (typeof data !== "string") {
      if (data.byteLength < 3) return;
      const side = new Uint8Array(data, 0, 1)[0];
      // The samples start at byte 1, which Int16Array cannot view directly (unaligned): copy.
      const samples = new Int16Array(data.slice(1, 1 + ((data.byteLength - 1) & ~1)));
      this.handlers.audio(side, samples);
      return;
    }
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case "ready":
        this.isReady = true;
        this.handlers.ready(message.mode ?? "assistant", message.by ?? "", message.sampleRate ?? 8000);
        break;
      case "levels":
        this.handlers.levels(message.caller ?? -90, message.assistant ?? -90);
        break;
      case "mode":
        this.handlers.mode(message.mode ?? "assistant", message.by);
        break;
      case "suggestion":
        this.handlers.suggestion(message.text ?? "", message.itemId);
        break;
      case "error":
        this.handlers.error(message.message ?? "The gateway refused the command.");
        break;
    }
  }
}
