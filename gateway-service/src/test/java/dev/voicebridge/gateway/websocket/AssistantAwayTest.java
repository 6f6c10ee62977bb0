package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.PacedCaller;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.simulator.Fault;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket caller who talks while the assistant is not there: before its first session is set
 * up (which takes as long as a real region's here), and while Azure is down mid-response. The whole
 * gateway application, the simulator as Azure, a caller paced in real time whose every frame is
 * numbered.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssistantAwayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "away-media-token";
    private static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    /** Frames the socket may have taken but not delivered when Azure dropped it. */
    private static final int IN_FLIGHT = 5;

    static final RealtimeSimulator AZURE = RealtimeSimulator.start(SimulatorOptions.builder()
            .speed(1.0)
            .fault(new Fault.SlowHandshake(Duration.ofMillis(700)))
            .build());

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("voicebridge.realtime.endpoint", AZURE::baseUrl);
        registry.add("voicebridge.realtime.api-key", AZURE::apiKey);
        registry.add("voicebridge.realtime.deployment", AZURE::deployment);
        registry.add("voicebridge.realtime.api-version", () -> "");
        registry.add("voicebridge.realtime.greet-first", () -> "false");
        registry.add("voicebridge.realtime.vad.silence-duration-ms", () -> "300");
        registry.add("voicebridge.websocket.token", () -> TOKEN);
        registry.add("voicebridge.websocket.start-timeout", () -> "30s");
        registry.add("voicebridge.sip.enabled", () -> "false");
    }

    @AfterAll
    static void stopAzure() {
        AZURE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DefaultCallSessions calls;

    private MediaStreamTestClient connect() {
        return MediaStreamTestClient.withToken(URI.create("ws://127.0.0.1:" + port + "/media"), TOKEN);
    }

    private static void start(MediaStreamTestClient client, String callId) {
        client.sendFixture("twilio-connected.json");
        client.send(MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", callId));
    }

    private CallSession call(String callId) {
        RecordingCallSessions.Await.until(() -> calls.find(callId).isPresent(), "call " + callId);
        return calls.find(callId).orElseThrow();
    }

    @Test
    void shouldGiveAzureEveryByteTheCallerSaidFromTheFirstFrameInOrder() {
        int before = AZURE.sessions().size();
        try (MediaStreamTestClient client = connect()) {
            // Given a caller who starts talking with their very first frame, while Azure takes 700 ms
            // to set the session up
            start(client, "away-first-words");
            int spoken;
            try (PacedCaller caller = new PacedCaller(frame -> client.sendMedia(SID, frame), true)) {
                RecordingCallSessions.Await.until(() -> caller.sent() >= 75, "1.5 s of speech");
                caller.voiced(false);
                RecordingCallSessions.Await.until(() -> caller.sent() >= 100, "0.5 s of quiet");
                spoken = caller.sent();
            }

            // Then Azure received every frame from the first, in order, none twice
            SessionRecord azure = sessionHeard(before);
            azure.awaitInputAudioBytes((long) (spoken - 2) * PacedCaller.FRAME_BYTES, WAIT);
            List<Integer> heard = PacedCaller.numbers(azure.inputAudio());
            assertThat(heard).startsWith(IntStream.range(0, spoken - 2).boxed().toArray(Integer[]::new));
            assertThat(heard).doesNotHaveDuplicates();
            // And the call counted nothing lost
            assertThat(call("away-first-words").stats().droppedIn()).isZero();
            // And it was answered
            azure.awaitServerEvent("response.done", WAIT);
        }
    }

    @ParameterizedTest(name = "Azure down {0} s")
    @ValueSource(ints = {1, 5, 20})
    void shouldKeepTheCallAndEveryWordThroughAnAzureOutageMidResponse(int seconds) {
        String callId = "away-outage-" + seconds;
        int before = AZURE.sessions().size();
        try (MediaStreamTestClient client = connect()) {
            start(client, callId);
            try (PacedCaller caller = new PacedCaller(frame -> client.sendMedia(SID, frame), false)) {
                // Given a call whose assistant is answering the caller
                CallSession call = call(callId);
                RecordingCallSessions.Await.until(
                        () -> call.assistant().state() == AssistantSession.State.READY, "ready");
                SessionRecord first = AZURE.sessions().getLast();
                caller.voiced(true);
                pause(Duration.ofMillis(800));
                caller.voiced(false);
                first.awaitServerEvent("response.created", WAIT);

                // When Azure goes down mid-response, the caller talks meanwhile, and Azure comes back
                AZURE.outage();
                int sessionsBefore = AZURE.sessions().size();
                int outageFrom = caller.sent();
                caller.voiced(true);
                pause(Duration.ofMillis(Math.min(800, seconds * 1000L / 2)));
                caller.voiced(false);
                pause(Duration.ofSeconds(seconds).minusMillis(Math.min(800, seconds * 1000L / 2)));
                int mediaBeforeRecovery = mediaFrames(client).size();
                AZURE.recover();

                // Then the call goes on with a new session, which answers what the caller said
                SessionRecord second = AZURE.awaitSession(sessionsBefore + 1, WAIT);
                second.awaitServerEvent("response.done", WAIT);
                assertThat(call.ended()).isFalse();
                RecordingCallSessions.Await.until(
                        () -> mediaFrames(client).size() > mediaBeforeRecovery, "the answer after the outage");

                // And the new session heard every frame from where the old one stopped, in order
                int spoken = caller.sent();
                second.awaitInputAudioBytes((long) (spoken - outageFrom - 2) * PacedCaller.FRAME_BYTES, WAIT);
                List<Integer> before0 = PacedCaller.numbers(first.inputAudio());
                List<Integer> after = PacedCaller.numbers(second.inputAudio());
                int lastBefore = before0.get(before0.size() - 1);
                assertThat(before0)
                        .containsExactlyElementsOf(
                                IntStream.rangeClosed(0, lastBefore).boxed().toList());
                assertThat(after.get(0)).isBetween(lastBefore + 1, lastBefore + 1 + IN_FLIGHT);
                assertThat(after)
                        .startsWith(IntStream.range(after.get(0), spoken - 2)
                                .boxed()
                                .toArray(Integer[]::new));
                assertThat(call.stats().droppedIn()).isZero();

                // And the caller heard the hold prompt once if the outage outlasted 2 s, never the apology
                int holds = occurrences(mediaBytes(mediaFrames(client)), prompt("/prompts/hold-8k.ulaw"));
                assertThat(holds).isEqualTo(seconds > 2 ? 1 : 0);
                assertThat(occurrences(mediaBytes(mediaFrames(client)), prompt("/prompts/apology-8k.ulaw")))
                        .isZero();
            }
        }
    }

    /** The first session opened after {@code before} that the caller's audio reached (a set-up may be retried). */
    private static SessionRecord sessionHeard(int before) {
        return org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> AZURE.sessions().stream()
                                .skip(before)
                                .filter(s -> s.inputAudioBytes() > 0)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static List<JsonNode> mediaFrames(MediaStreamTestClient client) {
        return client.received().stream()
                .filter(m -> "media".equals(m.path("event").asString("")))
                .toList();
    }

    private static byte[] mediaBytes(List<JsonNode> media) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        media.forEach(m ->
                out.writeBytes(Base64.getDecoder().decode(m.at("/media/payload").asString())));
        return out.toByteArray();
    }

    /** The first second of a bundled prompt: enough to recognise it in what the caller heard. */
    private static byte[] prompt(String resource) {
        try (InputStream in = AssistantAwayTest.class.getResourceAsStream(resource)) {
            return java.util.Arrays.copyOf(in.readAllBytes(), 8000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            at.add(i);
        }
        return at.size();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
