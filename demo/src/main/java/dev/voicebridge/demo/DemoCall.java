package dev.voicebridge.demo;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The demo call end to end: the Realtime simulator as Azure, the gateway (the real Spring Boot
 * application, in this JVM, on a free port), and {@link DemoCaller} calling it over /media.
 * With {@code AZURE_OPENAI_ENDPOINT} set, the gateway talks to that Azure resource instead and the
 * timeline shows only what the caller saw.
 */
final class DemoCall {

    static final String QUESTION = "/caller/order-question.wav";
    static final String INTERRUPTION = "/caller/barge-in.wav";

    /** Everything the demo produced. */
    record Outcome(
            Timeline timeline,
            DemoCaller.Result caller,
            Path heardWav,
            SessionRecord azureSession,
            String gatewayDescription,
            String azureDescription) {}

    /**
     * Time to look at the call in the operator console: {@code before} the call starts (to open the
     * page and sign in) and {@code after} it ended (its transcript stays there); {@code out} gets the
     * console's address and the token to sign in with.
     */
    record ConsoleHold(Duration before, Duration after, PrintStream out) {
        static final ConsoleHold NONE = new ConsoleHold(Duration.ZERO, Duration.ZERO, null);
    }

    private DemoCall() {}

    /**
     * @param quiet          gateway logs at ERROR only, so the timeline stands out
     * @param allowRealAzure use AZURE_OPENAI_ENDPOINT when it is set (the demo's test never does)
     */
    static Outcome run(Path heardWav, boolean quiet, boolean allowRealAzure, ConsoleHold console) throws Exception {
        String endpoint = System.getenv("AZURE_OPENAI_ENDPOINT");
        boolean realAzure = allowRealAzure && endpoint != null && !endpoint.isBlank();
        String token = UUID.randomUUID().toString();
        // A fresh admin token each run, printed for the operator console's sign-in form.
        String adminToken = "demo-" + UUID.randomUUID();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--voicebridge.websocket.token=" + token,
                "--voicebridge.admin.token=" + adminToken,
                // The demo only uses the WebSocket media path; nothing should listen for SIP.
                "--voicebridge.sip.enabled=false"));
        if (quiet) {
            args.add("--logging.level.root=ERROR");
            args.add("--logging.level.dev.voicebridge=ERROR");
        }
        RealtimeSimulator simulator = null;
        String azure;
        if (realAzure) {
            azure = "Azure OpenAI at " + endpoint + " (from AZURE_OPENAI_ENDPOINT)";
        } else {
            // Generation a little faster than real time, so the barge-in lands while Azure is still
            // producing the answer and the simulator cancels it, as a real model would.
            simulator = RealtimeSimulator.start(
                    SimulatorOptions.builder().speed(1.5).build());
            azure = "Realtime simulator at " + simulator.baseUrl() + " (GA protocol, deployment "
                    + simulator.deployment() + ")";
            args.add("--voicebridge.realtime.endpoint=" + simulator.baseUrl());
            args.add("--voicebridge.realtime.api-key=" + simulator.apiKey());
            args.add("--voicebridge.realtime.deployment=" + simulator.deployment());
            args.add("--voicebridge.realtime.api-version=");
        }
        ConfigurableApplicationContext gateway = null;
        try {
            gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
            String port = gateway.getEnvironment().getProperty("local.server.port");
            URI media = URI.create("ws://127.0.0.1:" + port + "/media");
            String gatewayDescription = "Spring Boot app on 127.0.0.1:" + port + ", WebSocket media at " + media;
            DemoCaller.Script script = new DemoCaller.Script(
                    WavFiles.readUlawResource(QUESTION),
                    WavFiles.readUlawResource(INTERRUPTION),
                    Duration.ofMillis(1200),
                    Duration.ofSeconds(60));
            if (console.out() != null) {
                console.out().println("Operator console: http://127.0.0.1:" + port + "/console");
                console.out().println("Sign in with:     " + adminToken);
                console.out()
                        .printf(
                                "The call starts in %d s and the gateway stays up %d s after it ends.%n%n",
                                console.before().toSeconds(), console.after().toSeconds());
                Thread.sleep(console.before().toMillis());
            }
            Timeline timeline = new Timeline();
            DemoCaller.Result result = new DemoCaller(media, token, "demo-call-1", timeline, script).call();
            WavFiles.writePcm16(heardWav, result.heard());
            SessionRecord session = null;
            if (simulator != null) {
                simulator.awaitNoOpenSessions(Duration.ofSeconds(10));
                session = simulator.sessions().get(0);
                addAzureEvents(timeline, session, simulator.sessions().size());
            }
            Thread.sleep(console.after().toMillis());
            return new Outcome(timeline, result, heardWav, session, gatewayDescription, azure);
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** What Azure (the simulator) saw, merged into the caller's timeline. */
    private static void addAzureEvents(Timeline timeline, SessionRecord session, int sessions) {
        Timeline.Source azure = Timeline.Source.AZURE;
        timeline.add(
                session.openedAt(), azure, "session-opened", "session opened (" + session.protocol() + " protocol)");
        for (SessionRecord.ClientEvent e : session.clientEvents()) {
            JsonNode j = e.json();
            switch (e.type()) {
                case "session.update" ->
                    timeline.add(
                            e.at(), azure, "session-update", "gateway configured the session: " + describeSession(j));
                case "conversation.item.truncate" ->
                    timeline.add(
                            e.at(),
                            azure,
                            "truncate",
                            "gateway truncated the interrupted answer at "
                                    + j.path("audio_end_ms").asLong() + " ms (what the caller heard)");
                case "response.cancel" -> timeline.add(e.at(), azure, "cancel", "gateway cancelled the response");
                case "response.create" ->
                    timeline.add(e.at(), azure, "response-create", "gateway asked for a response");
                default -> {}
            }
        }
        for (SessionRecord.ServerEvent e : session.serverEvents()) {
            JsonNode j = e.json();
            switch (e.type()) {
                case "input_audio_buffer.speech_started" ->
                    timeline.add(
                            e.at(),
                            azure,
                            "speech-started",
                            "speech started (audio_start_ms "
                                    + j.path("audio_start_ms").asLong() + ")");
                case "input_audio_buffer.speech_stopped" ->
                    timeline.add(
                            e.at(),
                            azure,
                            "speech-stopped",
                            "speech stopped (audio_end_ms "
                                    + j.path("audio_end_ms").asLong() + ")");
                case "response.created" -> timeline.add(e.at(), azure, "response-created", "response started");
                case "response.done" -> {
                    String status = j.at("/response/status").asString("");
                    String reason = j.at("/response/status_details/reason").asString("");
                    timeline.add(
                            e.at(),
                            azure,
                            "response-" + status,
                            "response " + status + (reason.isEmpty() ? "" : " (" + reason + ")"));
                }
                default -> {}
            }
        }
        SessionRecord.Close close = session.close();
        if (close != null) {
            timeline.add(
                    Instant.now(),
                    azure,
                    "session-closed",
                    "session closed by the "
                            + (close.byServer() ? "server" : "gateway") + " (" + close.code() + "); " + sessions
                            + " session(s) used, none left open");
        }
    }

    private static String describeSession(JsonNode update) {
        JsonNode s = update.path("session");
        if (s.has("audio")) {
            return s.at("/audio/input/format/type").asString("?") + " in, "
                    + s.at("/audio/output/format/type").asString("?")
                    + " out, " + s.at("/audio/input/turn_detection/type").asString("no VAD") + ", voice "
                    + s.at("/audio/output/voice").asString("default");
        }
        return s.path("input_audio_format").asString("?") + " in, "
                + s.path("output_audio_format").asString("?") + " out";
    }
}
