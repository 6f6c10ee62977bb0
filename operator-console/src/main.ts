/**
 * The operator console's entry point: the sign-in form, the live call list fed by `GET /api/events`,
 * the call view, and "new outbound call". All data comes from the gateway's token-protected API;
 * the page itself is public and holds none. Main thread.
 */
import { apiFetch, problemDetail, signIn, signOut, signedIn } from "./auth";
import { MeetingBridge } from "./bridge";
import { CallList, type CallSummary } from "./calls";
import { CallView } from "./callview";
import { byId } from "./dom";
import { parseCallEvent } from "./events";
import { measurements } from "./measurements";
import { readEvents } from "./sse";

const signInSection = byId("sign-in");
const app = byId("app");
const signInError = byId("sign-in-error");
const streamStatus = byId("stream-status");
const signOutButton = byId<HTMLButtonElement>("sign-out");

let calls: CallList | null = null;
let view: CallView | null = null;
let liveEvents: AbortController | null = null;
const bridge = new MeetingBridge((detail) => stop(`The token was refused: ${detail}`));

byId<HTMLFormElement>("sign-in-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>("token");
  const token = input.value.trim();
  input.value = "";
  void start(token);
});

signOutButton.addEventListener("click", () => stop(""));

byId<HTMLFormElement>("place-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void placeCall();
});

async function start(token: string): Promise<void> {
  signInError.textContent = "";
  if (!token) return;
  signIn(token);
  let response: Response;
  try {
    response = await apiFetch("/api/calls?limit=200");
  } catch {
    return stop("The gateway cannot be reached.");
  }
  if (!response.ok) {
    const detail = await problemDetail(response);
    return stop(response.status === 401 ? `The token was refused: ${detail}` : `Sign-in failed: ${detail}`);
  }
  const list = (await response.json()) as { calls: CallSummary[] };
  measurements.signedIn = true;
  signInSection.hidden = true;
  app.hidden = false;
  signOutButton.hidden = false;
  view = new CallView((detail) => stop(`The token was refused: ${detail}`));
  calls = new CallList((callId) => {
    calls?.select(callId);
    view?.open(callId);
  });
  calls.seed(list.calls);
  liveEvents = new AbortController();
  void follow(liveEvents.signal);
}

/** Signs out, forgets every call shown, and shows the sign-in form with `message`. */
function stop(message: string): void {
  liveEvents?.abort();
  liveEvents = null;
  if (measurements.bridge.state === "bridged" || measurements.bridge.state === "starting") {
    bridge.stop("Signed out: bridge stopped.");
  }
  view?.close();
  view = null;
  calls?.clear();
  calls = null;
  signOut();
  measurements.signedIn = false;
  measurements.callsShown = 0;
  app.hidden = true;
  signOutButton.hidden = true;
  signInSection.hidden = false;
  streamStatus.textContent = "";
  signInError.textContent = message;
  measurements.lastError = message || null;
}

/**
 * Follows `GET /api/events` for as long as the operator is signed in; after a broken stream it
 * waits (1, 2, 4... at most 10 s), reloads the list (events are live only) and follows again.
 */
async function follow(signal: AbortSignal): Promise<void> {
  let pause = 1000;
  while (!signal.aborted && signedIn()) {
    try {
      const response = await apiFetch("/api/events", { headers: { Accept: "text/event-stream" }, signal });
      if (response.status === 401) return stop(`The token was refused: ${await problemDetail(response)}`);
      if (!response.ok) throw new Error(await problemDetail(response));
      streamStatus.textContent = "live";
      pause = 1000;
      await readEvents(response, (message) => {
        const event = parseCallEvent(message.data);
        if (event) {
          measurements.eventsReceived++;
          calls?.apply(event);
        }
      });
    } catch (e) {
      if (signal.aborted) return;
      streamStatus.textContent = `live updates interrupted (${String(e instanceof Error ? e.message : e)}), retrying`;
    }
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 10_000);
    try {
      const response = await apiFetch("/api/calls?limit=200", { signal });
      if (response.ok) calls?.seed(((await response.json()) as { calls: CallSummary[] }).calls);
    } catch {
      // the next attempt reports it
    }
  }
}

async function placeCall(): Promise<void> {
  const result = byId("place-result");
  const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const body: Record<string, string> = { to: value("place-to"), from: value("place-from") };
  if (value("place-profile")) body.profile = value("place-profile");
  result.textContent = "Placing the call...";
  try {
    const response = await apiFetch("/api/calls", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 401) return stop(`The token was refused: ${await problemDetail(response)}`);
    if (!response.ok) {
      result.textContent = `Refused: ${await problemDetail(response)}`;
      return;
    }
    const placed = (await response.json()) as { id: string; state: string };
    result.textContent = `Call ${placed.id} ${placed.state.toLowerCase()}.`;
  } catch (e) {
    result.textContent = `The gateway cannot be reached: ${String(e)}`;
  }
}
