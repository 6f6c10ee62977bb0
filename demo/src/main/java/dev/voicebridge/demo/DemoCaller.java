package dev.voicebridge.demo;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A phone on a WebSocket media stream (Twilio Media Streams convention), run on a 20 ms clock like
 * a real one: every tick it sends one frame of the caller's voice (speech from the bundled WAVs, or
 * line silence) and plays one frame of what the gateway sent from its playout buffer, echoing marks
 * as playback reaches them and emptying the buffer on {@code clear}. What it played is what the
 * caller heard.
 *
 * <p>The script: wait for the greeting to finish, ask a question, let the assistant answer for a
 * moment, talk over it, listen to the answer to that, hang up.
 */
final class DemoCaller {

    /** What the caller says and when it interrupts. */
    record Script(byte[] question, byte[] interruption, Duration interruptAfter, Duration maxCall) {}

    /** What the call was like from the caller's side. */
    record Result(
            byte[] heard,
            long assistantMillis,
            long callerAudioBytes,
            int clears,
            long flushedMillis,
            int marksEchoed,
            int closeCode,
            String closeReason) {}

    private enum Phase {
        GREETING,
        QUESTION,
        AWAIT_ANSWER,
        INTERRUPTION,
        AWAIT_FINAL,
        HUNG_UP
    }

    private static final int FRAME = 160;
    private static final int TICK_MS = 20;
    private static final byte ULAW_SILENCE = (byte) 0xFF;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MARK_PREFIX = "\u0000mark:";

    private final URI media;
    private final String token;
    private final String callId;
    private final Timeline timeline;
    private final Script script;
    private final String streamSid;
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Queue<Object> playout = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final AtomicInteger clears = new AtomicInteger();
    private final AtomicInteger marksEchoed = new AtomicInteger();
    private volatile String closeReason = "";
    private volatile long flushedFrames;

    // Touched only by the clock thread.
    private Phase phase = Phase.GREETING;
    private long tick;
    private int speechAt;
    private long assistantFrames;
    private long callerBytes;
    private boolean inBurst;
    private long burstStartTick;
    private long lastAudioTick = -1;
    private long phaseStartTick;
    private int sequence;

    DemoCaller(URI media, String token, String callId, Timeline timeline, Script script) {
        this.media = media;
        this.token = token;
        this.callId = callId;
        this.timeline = timeline;
        this.script = script;
        this.streamSid = "MZdemo" + Long.toHexString(System.nanoTime());
    }

    Result call() throws Exception {
        Disposable connection = HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer " + token))
                .websocket()
                .uri(media)
                .handle((in, out) -> {
                    connected.complete(null);
                    in.receiveCloseStatus().subscribe(s -> {
                        closeReason = s.reasonText();
                        closed.complete(new int[] {s.code()});
                    });
                    Mono<Void> receive = in.receive()
                            .asString()
                            .doOnNext(this::onMessage)
                            .then()
                            .doFinally(s -> closed.complete(new int[] {1006}));
                    return Mono.when(receive, out.sendString(outbound.asFlux()).then());
                })
                .subscribe(v -> {}, connected::completeExceptionally);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-caller-clock");
            t.setDaemon(true);
            return t;
        });
        try {
            connected.get(10, TimeUnit.SECONDS);
            timeline.startNow();
            send(message("connected").put("protocol", "Call").put("version", "1.0.0"));
            ObjectNode start = message("start");
            ObjectNode s = start.putObject("start");
            s.put("streamSid", streamSid)
                    .put("callSid", "CAdemo")
                    .putArray("tracks")
                    .add("inbound");
            s.putObject("mediaFormat")
                    .put("encoding", "audio/x-mulaw")
                    .put("sampleRate", 8000)
                    .put("channels", 1);
            s.putObject("customParameters")
                    .put("callId", callId)
                    .put("from", "+15550100")
                    .put("to", "+15550199");
            send(start);
            timeline.add(
                    Timeline.Source.CALLER,
                    "connected",
                    "connected to " + media + " and started stream (call " + callId + ", audio/x-mulaw 8 kHz)");
            clock.scheduleAtFixedRate(this::safeTick, 0, TICK_MS, TimeUnit.MILLISECONDS);
            try {
                int[] code = closed.get(script.maxCall().toMillis(), TimeUnit.MILLISECONDS);
                clock.shutdown();
                clock.awaitTermination(1, TimeUnit.SECONDS);
                timeline.add(
                        Timeline.Source.CALLER,
                        "closed",
                        "stream closed by the gateway: " + code[0]
                                + (closeReason.isEmpty() ? "" : " \"" + closeReason + "\""));
                if (phase != Phase.HUNG_UP) {
                    throw new IllegalStateException("the gateway ended the call before the caller hung up (phase "
                            + phase + ", close " + code[0] + " " + closeReason + ")");
                }
                synchronized (heard) {
                    return new Result(
                            heard.toByteArray(),
                            assistantFrames * TICK_MS,
                            callerBytes,
                            clears.get(),
                            flushedFrames * TICK_MS,
                            marksEchoed.get(),
                            code[0],
                            closeReason);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the demo call did not finish within "
                        + script.maxCall().toSeconds() + " s (stuck in phase " + phase + ")");
            }
        } finally {
            clock.shutdownNow();
            connection.dispose();
        }
    }

    private void onMessage(String text) {
        JsonNode m = JSON.readTree(text);
        switch (m.path("event").asString("")) {
            case "media" -> {
                byte[] audio = Base64.getDecoder().decode(m.at("/media/payload").asString(""));
                for (int i = 0; i < audio.length; i += FRAME) {
                    byte[] frame = Arrays.copyOfRange(audio, i, i + FRAME);
                    if (audio.length - i < FRAME) {
                        Arrays.fill(frame, audio.length - i, FRAME, ULAW_SILENCE);
                    }
                    playout.add(frame);
                }
            }
            case "mark" -> playout.add(MARK_PREFIX + m.at("/mark/name").asString(""));
            case "clear" -> {
                long frames = playout.stream().filter(byte[].class::isInstance).count();
                playout.clear();
                flushedFrames += frames;
                clears.incrementAndGet();
                timeline.add(
                        Timeline.Source.CALLER,
                        "clear",
                        "gateway sent clear: " + frames * TICK_MS
                                + " ms of queued assistant audio dropped, playback stops");
            }
            default -> {}
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            closed.completeExceptionally(e);
        }
    }

    private void tick() {
        if (phase == Phase.HUNG_UP) {
            return;
        }
        play();
        byte[] voice = nextCallerFrame();
        callerBytes += voice.length;
        send(mediaMessage(voice));
        tick++;
    }

    /** Plays one frame from the playout buffer (or silence) and echoes any marks reached. */
    private void play() {
        byte[] frame = null;
        Object next;
        while ((next = playout.poll()) != null) {
            if (next instanceof byte[] f) {
                frame = f;
                break;
            }
            ObjectNode mark = message("mark");
            mark.putObject("mark").put("name", ((String) next).substring(MARK_PREFIX.length()));
            send(mark);
            marksEchoed.incrementAndGet();
        }
        synchronized (heard) {
            if (frame == null) {
                byte[] silence = new byte[FRAME];
                Arrays.fill(silence, ULAW_SILENCE);
                heard.writeBytes(silence);
            } else {
                heard.writeBytes(frame);
            }
        }
        if (frame != null) {
            assistantFrames++;
            lastAudioTick = tick;
            if (!inBurst) {
                inBurst = true;
                burstStartTick = tick;
                timeline.add(Timeline.Source.CALLER, "assistant-audio", "hears the assistant");
            }
        } else if (inBurst && tick - lastAudioTick >= 10) {
            inBurst = false;
            timeline.add(
                    Timeline.Source.CALLER,
                    "assistant-silent",
                    "assistant audio stopped after " + (lastAudioTick - burstStartTick + 1) * TICK_MS + " ms");
        }
    }

    /** The caller's side of the script, one 20 ms frame at a time. */
    private byte[] nextCallerFrame() {
        switch (phase) {
            case GREETING -> {
                boolean greetingOver = lastAudioTick >= 0 && !inBurst;
                boolean noGreeting = lastAudioTick < 0 && tick >= 2500 / TICK_MS;
                if (greetingOver || noGreeting) {
                    enter(
                            Phase.QUESTION,
                            "caller-speaks",
                            "starts speaking: \"Hi, I'm calling about my order, it still hasn't arrived.\"");
                    return speech(script.question());
                }
            }
            case QUESTION -> {
                if (speechAt < script.question().length) {
                    return speech(script.question());
                }
                enter(Phase.AWAIT_ANSWER, "caller-silent", "stops speaking");
            }
            case AWAIT_ANSWER -> {
                boolean answered = inBurst
                        && burstStartTick > phaseStartTick
                        && (tick - burstStartTick) * TICK_MS
                                >= script.interruptAfter().toMillis();
                if (answered) {
                    speechAt = 0;
                    enter(
                            Phase.INTERRUPTION,
                            "barge-in",
                            "barges in over the assistant: \"Sorry, stop, can I talk to a person instead?\"");
                    return speech(script.interruption());
                }
            }
            case INTERRUPTION -> {
                if (speechAt < script.interruption().length) {
                    return speech(script.interruption());
                }
                enter(Phase.AWAIT_FINAL, "caller-silent", "stops speaking");
            }
            case AWAIT_FINAL -> {
                boolean heardAnswer = lastAudioTick > phaseStartTick && !inBurst;
                if (heardAnswer) {
                    phase = Phase.HUNG_UP;
                    send(message("stop")
                            .set("stop", JsonNodeFactory.instance.objectNode().put("callSid", "CAdemo")));
                    timeline.add(Timeline.Source.CALLER, "hang-up", "hangs up (stop)");
                }
            }
            case HUNG_UP -> {}
        }
        byte[] silence = new byte[FRAME];
        Arrays.fill(silence, ULAW_SILENCE);
        return silence;
    }

    private void enter(Phase next, String kind, String text) {
        phase = next;
        phaseStartTick = tick;
        timeline.add(Timeline.Source.CALLER, kind, text);
    }

    private byte[] speech(byte[] source) {
        byte[] frame = new byte[FRAME];
        Arrays.fill(frame, ULAW_SILENCE);
        int n = Math.min(FRAME, source.length - speechAt);
        if (n > 0) {
            System.arraycopy(source, speechAt, frame, 0, n);
            speechAt += n;
        }
        return frame;
    }

    private ObjectNode mediaMessage(byte[] frame) {
        ObjectNode m = message("media");
        m.putObject("media")
                .put("track", "inbound")
                .put("chunk", Long.toString(tick + 1))
                .put("timestamp", Long.toString(tick * TICK_MS))
                .put("payload", Base64.getEncoder().encodeToString(frame));
        return m;
    }

    private ObjectNode message(String event) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("event", event)
                .put("sequenceNumber", Integer.toString(++sequence))
                .put("streamSid", streamSid);
    }

    private void send(ObjectNode message) {
        outbound.tryEmitNext(JSON.writeValueAsString(message));
    }
}
