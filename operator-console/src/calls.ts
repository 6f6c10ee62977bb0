/**
 * The live call list: seeded from `GET /api/calls` (this instance's live calls), then kept current
 * by the call events of `GET /api/events`; durations tick every second. An ended call stays
 * greyed out for 10 s so the operator sees it go. Main thread.
 */
import { byId, duration, element } from "./dom";
import type { CallEvent } from "./events";
import { measurements } from "./measurements";

export interface CallSummary {
  callId: string;
  state?: string;
  from?: string;
  to?: string;
  createdAt?: string;
  live?: boolean;
}

interface Row {
  callId: string;
  state: string;
  from: string;
  to: string;
  profile: string;
  startedAt: number;
  endedAt: number | null;
  tr: HTMLTableRowElement;
}

const KEEP_ENDED_MS = 10_000;

export class CallList {
  private readonly rows = new Map<string, Row>();
  private readonly body = byId<HTMLTableSectionElement>("calls-body");
  private readonly empty = byId("no-calls");
  private selected: string | null = null;
  private readonly ticker: number;

  constructor(private readonly onOpen: (callId: string) => void) {
    this.ticker = window.setInterval(() => this.tick(), 1000);
  }

  /** Replaces the list with the gateway's live calls (after sign-in and after a reconnect). */
  seed(calls: CallSummary[]): void {
    for (const row of this.rows.values()) row.tr.remove();
    this.rows.clear();
    for (const call of calls.filter((c) => c.live !== false && c.state !== "ENDED")) {
      this.upsert(call.callId, {
        state: call.state ?? "",
        from: call.from ?? "",
        to: call.to ?? "",
        startedAt: call.createdAt ? Date.parse(call.createdAt) : Date.now(),
      });
    }
    this.render();
  }

  apply(event: CallEvent): void {
    const d = event.data;
    const at = Date.parse(event.timestamp) || Date.now();
    switch (event.type) {
      case "call.started":
        this.upsert(d.callId, {
          state: d.state ?? "STARTED",
          from: d.from ?? "",
          to: d.to ?? "",
          profile: d.profile ?? "",
          startedAt: at,
        });
        break;
      case "call.answered":
      case "call.state":
        this.upsert(d.callId, { state: d.state ?? "" });
        break;
      case "call.transferred":
        this.upsert(d.callId, { state: `TRANSFERRED to ${d.to ?? "?"}` });
        break;
      case "call.ended": {
        const row = this.rows.get(d.callId);
        if (row) {
          row.endedAt = Date.now();
          this.upsert(d.callId, { state: `ENDED (${d.reason ?? "?"})` });
          window.setTimeout(() => this.remove(d.callId), KEEP_ENDED_MS);
        }
        break;
      }
      default:
        return;
    }
    this.render();
  }

  select(callId: string | null): void {
    this.selected = callId;
    for (const row of this.rows.values()) row.tr.classList.toggle("selected", row.callId === callId);
  }

  clear(): void {
    window.clearInterval(this.ticker);
    this.seed([]);
  }

  private upsert(callId: string, change: Partial<Omit<Row, "callId" | "tr">>): void {
    let row = this.rows.get(callId);
    if (!row) {
      const tr = element("tr");
      tr.dataset.callId = callId;
      for (let i = 0; i < 5; i++) tr.append(element("td"));
      tr.addEventListener("click", () => this.onOpen(callId));
      row = { callId, state: "", from: "", to: "", profile: "", startedAt: Date.now(), endedAt: null, tr };
      this.rows.set(callId, row);
      this.body.prepend(tr);
    }
    for (const [key, value] of Object.entries(change)) {
      // Keep what an earlier event said when a later one leaves a field empty.
      if (value !== "" && value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
    }
    const cells = row.tr.cells;
    cells[0].textContent = row.state;
    cells[1].textContent = row.from;
    cells[2].textContent = row.to;
    cells[4].textContent = row.profile || "default";
    row.tr.classList.toggle("ended", row.endedAt !== null);
    row.tr.classList.toggle("selected", callId === this.selected);
  }

  private remove(callId: string): void {
    const row = this.rows.get(callId);
    if (row && row.endedAt !== null) {
      row.tr.remove();
      this.rows.delete(callId);
      this.render();
    }
  }

  private render(): void {
    this.tick();
    this.empty.hidden = this.rows.size > 0;
    measurements.callsShown = [...this.rows.values()].filter((r) => r.endedAt === null).length;
  }

  private tick(): void {
    const now = Date.now();
    for (const row of this.rows.values()) {
      row.tr.cells[3].textContent = duration((row.endedAt ?? now) - row.startedAt);
    }
  }
}
