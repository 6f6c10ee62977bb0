package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole gateway application on a random port, the Realtime simulator as Azure, and a media
 * source on /media: what a WebSocket caller gets end to end.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MediaStreamEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "e2e-media-token";
    private static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";

    // Real-time generation, so an answer is still streaming when the caller talks over it.
    static final RealtimeSimulator AZURE =
            RealtimeSimulator.start(SimulatorOptions.builder().speed(1.0).build());

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("voicebridge.realtime.endpoint", AZURE::baseUrl);
        registry.add("voicebridge.realtime.api-key", AZURE::apiKey);
        registry.add("voicebridge.realtime.deployment", AZURE::deployment);
        registry.add("voicebridge.realtime.api-version", () -> "");
        registry.add("voicebridge.realtime.greet-first", () -> "false");
        registry.add("voicebridge.realtime.vad.silence-duration-ms", () -> "300");
        registry.add("voicebridge.websocket.token", () -> TOKEN);
        // Only a guard: on a loaded CI machine a start can take a while to be handled.
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

    private URI media() {
        return URI.create("ws://127.0.0.1:" + port + "/media");
    }

    /** Starts a stream and waits until the call's Azure session is set up and verified. */
    private SessionRecord startCall(MediaStreamTestClient client, String callId) {
        int before = AZURE.sessions().size();
        client.sendFixture("twilio-connected.json");
        client.send(MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", callId));
        SessionRecord azure = AZURE.awaitSession(before + 1, WAIT);
        RecordingCallSessions.Await.until(
                () -> calls.find(callId)
                        .map(c -> c.assistant().state() == AssistantSession.State.READY)
                        .orElse(false),
                "call " + callId + " ready");
        return azure;
    }

    private static void sendInFrames(MediaStreamTestClient client, byte[] audio) {
        for (int i = 0; i < audio.length; i += 160) {
            client.sendMedia(SID, java.util.Arrays.copyOfRange(audio, i, Math.min(audio.length, i + 160)));
        }
    }

    private static List<JsonNode> events(MediaStreamTestClient client, String event) {
        return client.received().stream()
                .filter(m -> event.equals(m.path("event").asString("")))
                .toList();
    }

    private static byte[] mediaBytes(List<JsonNode> media) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        media.forEach(m ->
                out.writeBytes(Base64.getDecoder().decode(m.at("/media/payload").asString())));
        return out.toByteArray();
    }

    @Test
    void shouldCarryCallerAudioToAzureByteForByteAndPlayEveryAzureByteBackIn20MillisecondFrames() {
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
            // Given a call whose Azure session is set up for µ-law
            SessionRecord azure = startCall(client, "e2e-audio");
            assertThat(azure.config().inputFormat().name()).isEqualTo("PCMU");

            // When the caller says something and goes quiet
            byte[] caller = CallerAudio.concat(CallerAudio.voiced(800), CallerAudio.silence(700));
            sendInFrames(client, caller);
            azure.awaitServerEvent("response.done", WAIT);
            RecordingCallSessions.Await.until(
                    () -> mediaBytes(events(client, "media")).length == azure.audioBytesSent(),
                    "every byte Azure sent to reach the caller");

            // Then Azure got exactly the caller's bytes, in order (a phone line keeps sending silence,
            // which lets the gateway flush its last append batch)
            sendInFrames(client, CallerAudio.silence(100));
            azure.awaitInputAudioBytes(caller.length, WAIT);
            assertThat(java.util.Arrays.copyOf(azure.inputAudio(), caller.length))
                    .isEqualTo(caller);
            // And the caller got exactly Azure's audio, one 20 ms frame per message, paced by the media clock
            List<JsonNode> media = events(client, "media");
            assertThat(media)
                    .allSatisfy(m -> assertThat(Base64.getDecoder()
                                    .decode(m.at("/media/payload").asString()))
                            .hasSize(160));
            assertThat((long) media.size() * 160).isEqualTo(azure.audioBytesSent());
            assertThat(media)
                    .allSatisfy(m -> assertThat(m.get("streamSid").asString()).isEqualTo(SID));
            // And they were paced by the media clock, not flushed as fast as Azure produced them (a lower
            // bound only: a loaded machine can be slower, never faster)
            List<Long> at = client.receivedAtNanos();
            List<JsonNode> all = client.received();
            List<Long> mediaAt = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if ("media".equals(all.get(i).path("event").asString(""))) {
                    mediaAt.add(at.get(i));
                }
            }
            long spanMs = (mediaAt.get(mediaAt.size() - 1) - mediaAt.get(0)) / 1_000_000;
            assertThat(spanMs).isGreaterThanOrEqualTo((mediaAt.size() - 1) * 20L / 2);
            // And the end of the burst is marked so a source can tell when it was played
            RecordingCallSessions.Await.until(() -> !events(client, "mark").isEmpty(), "a mark after the answer");
        }
    }

    @Test
    void shouldClearPlaybackAndTruncateAtWhatWasPlayedWhenTheCallerBargesIn() {
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
            // Given Azure is answering the caller
            SessionRecord azure = startCall(client, "e2e-barge-in");
            sendInFrames(client, CallerAudio.concat(CallerAudio.voiced(2500), CallerAudio.silence(400)));
            RecordingCallSessions.Await.until(
                    () -> events(client, "media").size() >= 25, "half a second of the answer");

            // When the caller talks over it
            sendInFrames(client, CallerAudio.concat(CallerAudio.voiced(400), CallerAudio.silence(400)));
            SessionRecord.Truncate truncate = azure.awaitTruncate(WAIT);
            RecordingCallSessions.Await.until(() -> !events(client, "clear").isEmpty(), "clear");

            // Then playback was cleared, Azure cancelled the answer, and the truncate names what the
            // caller was sent before the clear, within the audio Azure had produced
            List<JsonNode> received = client.received();
            int clearAt = -1;
            for (int i = 0; i < received.size() && clearAt < 0; i++) {
                if ("clear".equals(received.get(i).path("event").asString(""))) {
                    clearAt = i;
                }
            }
            long playedMs = received.subList(0, clearAt).stream()
                            .filter(m -> "media".equals(m.path("event").asString("")))
                            .count()
                    * 20;
            assertThat(truncate.accepted()).isTrue();
            assertThat(truncate.audioEndMs()).isBetween(playedMs - 60, playedMs + 60);
            assertThat(azure.serverEvents("response.done")
                            .get(0)
                            .json()
                            .at("/response/status")
                            .asString())
                    .isEqualTo("cancelled");
        }
    }

    @Test
    void shouldLeaveNoAzureSessionOrCallBehindAfterManySequentialCalls() {
        // Given the gateway, When 100 callers each start a call and hang up in turn
        List<String> closes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
                startCall(client, "e2e-seq-" + i);
                client.sendFixture("twilio-stop.json");
                closes.add(client.awaitClosed().reason());
            }
        }

        // Then every stream ended normally and neither Azure nor the gateway holds anything
        assertThat(closes).containsOnly("stream stopped");
        AZURE.awaitNoOpenSessions(WAIT);
        RecordingCallSessions.Await.until(() -> calls.liveCount() == 0, "no live calls in the gateway");
    }

    @Test
    void shouldRefuseASecondStreamForALiveCallByNameAndLeaveTheLiveCallAlone() {
        try (MediaStreamTestClient first = MediaStreamTestClient.withToken(media(), TOKEN);
                MediaStreamTestClient twin = MediaStreamTestClient.withToken(media(), TOKEN)) {
            // Given a live call
            SessionRecord azure = startCall(first, "e2e-twin");
            int sessionsBefore = AZURE.sessions().size();

            // When a second stream starts with the same call id
            twin.send(MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", "e2e-twin"));

            // Then it is closed with a policy violation that names why, no Azure session is opened for it
            MediaStreamTestClient.Closed closed = twin.awaitClosed();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("call refused: duplicate call id");
            assertThat(AZURE.sessions()).hasSize(sessionsBefore);

            // And the live call goes on: its caller is still heard by Azure
            int appendsBefore = azure.clientEvents("input_audio_buffer.append").size();
            sendInFrames(first, CallerAudio.voiced(200));
            RecordingCallSessions.Await.until(
                    () -> azure.clientEvents("input_audio_buffer.append").size() > appendsBefore,
                    "the live call's audio to reach Azure after the refusal");
            assertThat(calls.find("e2e-twin")).isPresent();
            assertThat(first.isClosed()).isFalse();
        }
    }
}
