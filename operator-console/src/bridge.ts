/**
 * The meeting bridge of the second design note: a Chime SDK meeting (POST /api/meetings, optionally
 * dialling a phone number in through the SIP media application) joined with amazon-chime-sdk-js,
 * and the browser's own Azure OpenAI Realtime session (a client secret from
 * POST /api/realtime/client-secrets, then Azure's GA WebRTC entry). WebAudio joins the two:
 * Azure's voice is the meeting's audio input, the meeting's audio (the phone attendee) is Azure's
 * input. The secret is held only until the SDP exchange and never stored. Main thread.
 */
import {
  ConsoleLogger,
  DefaultDeviceController,
  DefaultMeetingSession,
  LogLevel,
  MeetingSessionConfiguration,
  type MeetingSessionStatus,
} from "amazon-chime-sdk-js";
import { apiFetch, problemDetail } from "./auth";
import { byId } from "./dom";
import { measurements } from "./measurements";

interface JoinInfo {
  meeting: unknown;
  attendee: unknown;
  call?: { transactionId?: string };
}

interface ClientSecret {
  value: string;
  expiresAt: number;
  callsUrl: string;
}

/** RMS (0..1) of what an AnalyserNode sees now. */
function rms(analyser: AnalyserNode, buffer: Float32Array<ArrayBuffer>): number {
  analyser.getFloatTimeDomainData(buffer);
  let sum = 0;
  for (const s of buffer) sum += s * s;
  return Math.sqrt(sum / buffer.length);
}

export class MeetingBridge {
  private readonly status = byId("bridge-status");
  private audio: AudioContext | null = null;
  private meeting: DefaultMeetingSession | null = null;
  private azure: RTCPeerConnection | null = null;
  private meter: number | null = null;
  /** Remote WebRTC audio reaches WebAudio in Chromium only while a media element plays it (muted). */
  private readonly sinks: HTMLAudioElement[] = [];

  constructor(private readonly onUnauthorized: (detail: string) => void) {
    byId<HTMLFormElement>("bridge-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.start();
    });
    byId<HTMLButtonElement>("bridge-stop").addEventListener("click", () => this.stop("Bridge stopped."));
  }

  private show(text: string): void {
    this.status.textContent = text;
  }

  async start(): Promise<void> {
    if (this.meeting) return;
    const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
    const dial = value("bridge-dial");
    const body: Record<string, string> = {};
    if (dial) {
      body.dial = dial;
      body.from = value("bridge-from");
    }
    if (value("bridge-profile")) body.profile = value("bridge-profile");
    byId<HTMLButtonElement>("bridge-start").disabled = true;
    measurements.bridge.state = "starting";
    try {
      this.show("Creating the meeting...");
      const joinInfo = await this.post<JoinInfo>("/api/meetings", dial ? { dial: body.dial, from: body.from } : {});
      this.show("Minting the Azure client secret...");
      const secret = await this.post<ClientSecret>(
        "/api/realtime/client-secrets",
        body.profile ? { profile: body.profile } : {},
      );
      this.audio = new AudioContext({ sampleRate: 48_000 });
      await this.audio.resume();
      // Azure's voice -> the meeting's input; the meeting's audio -> Azure's input.
      const toMeeting = this.audio.createMediaStreamDestination();
      const toAzure = this.audio.createMediaStreamDestination();
      const azureLevel = this.audio.createAnalyser();
      const meetingLevel = this.audio.createAnalyser();
      this.show("Opening the Azure Realtime session...");
      await this.openAzure(secret, toAzure.stream, (remote) => {
        const source = this.audio!.createMediaStreamSource(remote);
        source.connect(toMeeting);
        source.connect(azureLevel);
      });
      this.show("Joining the meeting...");
      await this.joinMeeting(joinInfo, toMeeting.stream, (meetingAudio) => {
        if (!this.audio) return;
        const source = this.audio.createMediaStreamSource(meetingAudio);
        source.connect(toAzure);
        source.connect(meetingLevel);
      });
      this.measure(azureLevel, meetingLevel);
      measurements.bridge.state = "bridged";
      byId<HTMLButtonElement>("bridge-stop").disabled = false;
      this.show(
        dial
          ? `Bridged: dialling ${dial} into the meeting; Azure speaks in it.`
          : "Bridged: Azure speaks in the meeting.",
      );
    } catch (e) {
      this.stop(`The bridge failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Ends the meeting session, the Azure session and the audio graph. */
  stop(message: string): void {
    this.meeting?.audioVideo.stop();
    this.meeting = null;
    this.azure?.close();
    this.azure = null;
    if (this.meter !== null) clearInterval(this.meter);
    this.meter = null;
    for (const sink of this.sinks.splice(0)) sink.srcObject = null;
    void this.audio?.close();
    this.audio = null;
    measurements.bridge.state = message.startsWith("The bridge failed") ? "failed" : "stopped";
    measurements.bridge.lastError = message.startsWith("The bridge failed") ? message : null;
    byId<HTMLButtonElement>("bridge-start").disabled = false;
    byId<HTMLButtonElement>("bridge-stop").disabled = true;
    this.show(message);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await apiFetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 401) {
      const detail = await problemDetail(response);
      this.onUnauthorized(detail);
      throw new Error(detail);
    }
    if (!response.ok) throw new Error(await problemDetail(response));
    return (await response.json()) as T;
  }

  /**
   * Azure's GA browser path: an RTCPeerConnection whose SDP offer is posted to the secret's
   * callsUrl with `Authorization: Bearer <secret>`; the answer comes back as 201. The data channel
   * carries Realtime events; on open it asks for a first response, so the assistant opens the call
   * as the profile's greeting says.
   */
  private async openAzure(
    secret: ClientSecret,
    input: MediaStream,
    onVoice: (remote: MediaStream) => void,
  ): Promise<void> {
    const pc = new RTCPeerConnection();
    this.azure = pc;
    for (const track of input.getAudioTracks()) pc.addTrack(track, input);
    pc.addEventListener("track", (e) => {
      const remote = e.streams[0] ?? new MediaStream([e.track]);
      this.keepFlowing(remote);
      onVoice(remote);
    });
    const events = pc.createDataChannel("realtime-channel");
    events.addEventListener("open", () => events.send(JSON.stringify({ type: "response.create" })));
    events.addEventListener("message", (e) => {
      const type = (JSON.parse(String(e.data)) as { type?: string }).type;
      if (type) measurements.bridge.azureEvents.push(type);
    });
    pc.addEventListener("connectionstatechange", () => {
      measurements.bridge.azure = pc.connectionState;
    });
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await fetch(secret.callsUrl, {
      method: "POST",
      body: pc.localDescription!.sdp,
      headers: { Authorization: `Bearer ${secret.value}`, "Content-Type": "application/sdp" },
      credentials: "omit",
      cache: "no-store",
    });
    if (answer.status !== 201) {
      throw new Error(`Azure refused the session: HTTP ${answer.status} ${await answer.text()}`);
    }
    await pc.setRemoteDescription({ type: "answer", sdp: await answer.text() });
  }

  /**
   * Joins with amazon-chime-sdk-js, `input` as the meeting's audio input device; resolves once the
   * session has started. `onAudio` gets the meeting's mixed audio (every other attendee, the phone
   * one too) whenever the SDK has a new one.
   */
  private async joinMeeting(
    joinInfo: JoinInfo,
    input: MediaStream,
    onAudio: (meetingAudio: MediaStream) => void,
  ): Promise<void> {
    const logger = new ConsoleLogger("meeting", LogLevel.WARN);
    const configuration = new MeetingSessionConfiguration(joinInfo.meeting, joinInfo.attendee);
    const session = new DefaultMeetingSession(configuration, logger, new DefaultDeviceController(logger));
    this.meeting = session;
    await session.audioVideo.startAudioInput(input);
    session.audioVideo.realtimeSubscribeToAttendeeIdPresence((attendeeId, present) => {
      const list = measurements.bridge.attendees;
      if (present && !list.includes(attendeeId)) list.push(attendeeId);
    });
    const started = new Promise<void>((resolve, reject) => {
      session.audioVideo.addObserver({
        audioVideoDidStart: () => resolve(),
        audioVideoDidStop: (status: MeetingSessionStatus) => {
          measurements.bridge.meeting = "stopped";
          reject(new Error(`the meeting session stopped (status ${status.statusCode()})`));
        },
      });
    });
    // The SDK hands out the meeting's audio only once it is bound to an element; muted, since the
    // bridge carries it to the assistant, not to this browser's speakers.
    const element = new Audio();
    element.muted = true;
    this.sinks.push(element);
    await session.audioVideo.bindAudioElement(element);
    await session.audioVideo.addAudioMixObserver({
      meetingAudioStreamBecameActive: (stream: MediaStream) => onAudio(stream),
      meetingAudioStreamBecameInactive: () => undefined,
    });
    session.audioVideo.start();
    await started;
    measurements.bridge.meeting = "joined";
  }

  private keepFlowing(stream: MediaStream): void {
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = stream;
    void sink.play().catch(() => undefined);
    this.sinks.push(sink);
  }

  /** Levels of both directions, 10 per second, for the page and window.vbConsole. */
  private measure(azure: AnalyserNode, meeting: AnalyserNode): void {
    const buffer = new Float32Array(azure.fftSize);
    const azureMeter = byId<HTMLMeterElement>("bridge-level-azure");
    const meetingMeter = byId<HTMLMeterElement>("bridge-level-meeting");
    const dbfs = (v: number) => (v > 0 ? Math.max(-90, 20 * Math.log10(v)) : -90);
    this.meter = window.setInterval(() => {
      const a = rms(azure, buffer);
      const m = rms(meeting, buffer);
      const b = measurements.bridge;
      b.toMeeting.samples++;
      b.toMeeting.peakRms = Math.max(b.toMeeting.peakRms, a);
      if (a > 0.01) b.toMeeting.voiced++;
      b.fromMeeting.samples++;
      b.fromMeeting.peakRms = Math.max(b.fromMeeting.peakRms, m);
      if (m > 0.01) b.fromMeeting.voiced++;
      azureMeter.value = dbfs(a);
      meetingMeter.value = dbfs(m);
    }, 100);
  }
}
