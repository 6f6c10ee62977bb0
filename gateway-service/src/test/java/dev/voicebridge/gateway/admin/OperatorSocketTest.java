package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.events.CallEvent;
import dev.voicebridge.gateway.events.CallEvents;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The operator console's WebSocket on real sockets: the whole gateway, Azure played by the
 * simulator, a caller on the media WebSocket and the operator on a Reactor Netty WebSocket client.
 */
class OperatorSocketTest extends AdminApplicationTest {

    private static final AtomicInteger CALLS = new AtomicInteger();

    @Autowired
    CallEvents events;

    /** A live call whose Azure session is ready. */
    private MediaCaller liveCall(String callId) {
        MediaCaller caller =
                MediaCaller.callThroughSma(http().media(), MEDIA_TOKEN, callId, callId + "-tx", "sma-op-1");
        http().awaitReady(callId, ADMIN_TOKEN);
        return caller;
    }

    private static String newCallId() {
        return "op-call-" + CALLS.incrementAndGet();
    }

    // ---- authentication ----------------------------------------------------------------------------

    @Test
    void shouldCloseWith1008NamingWhyWhenTheFirstMessageIsNotAValidAuth() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId)) {
            // Given a live call
            // When operators connect with a wrong token, with audio first, with a token for a call
            // that does not exist, or say nothing at all
            OperatorClient wrongToken = OperatorClient.connect(port, callId);
            wrongToken.text("{\"type\":\"auth\",\"token\":\"not-the-token\"}");
            OperatorClient audioFirst = OperatorClient.connect(port, callId);
            audioFirst.binary(new byte[320]);
            OperatorClient unknownCall = OperatorClient.connect(port, "no-such-call");
            unknownCall.text("{\"type\":\"auth\",\"token\":\"" + ADMIN_TOKEN + "\"}");
            OperatorClient silent = OperatorClient.connect(port, callId);

            // Then each is closed with 1008 and a reason naming what was wrong
            assertClosed(wrongToken, 1008, "invalid token");
            assertClosed(audioFirst, 1008, "first message must be {\"type\":\"auth\",\"token\":...}");
            assertClosed(unknownCall, 1008, "unknown call");
            assertClosed(silent, 1008, "no auth message within 5 s");
            // and none of them was told anything about the call
            assertThat(wrongToken.texts()).isEmpty();
            assertThat(unknownCall.texts()).isEmpty();
        }
    }

    @Test
    void shouldAcceptAnOidcJwtAsTheFirstMessageAndNameItsSubject() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId)) {
            // Given a live call and a JWT from the configured identity provider
            String jwt = IdentityProvider.token(
                    IdentityProvider.KEY,
                    IdentityProvider.AUDIENCE,
                    java.time.Instant.now().plusSeconds(300));

            // When an operator authenticates with it
            try (OperatorClient operator = OperatorClient.ready(port, callId, jwt)) {
                // Then the gateway is ready for them, naming the JWT's subject, the call and its mode
                JsonNode ready =
                        operator.awaitText(m -> m.path("type").asString().equals("ready"));
                assertThat(ready.path("callId").asString()).isEqualTo(callId);
                assertThat(ready.path("mode").asString()).isEqualTo("assistant");
                assertThat(ready.path("sampleRate").asInt()).isEqualTo(8000);
                assertThat(ready.path("by").asString()).isNotBlank().isNotEqualTo("admin-token");
            }
        }
    }

    // ---- listen, levels, talk ----------------------------------------------------------------------

    @Test
    void shouldLetAListeningOperatorHearTheCallersToneTaggedAsCallerWithItsLevel() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // Given an operator listening to a live call
            operator.text("{\"type\":\"listen\",\"on\":true}");
            awaitLevels(operator);

            // When the caller sends one second of a 1 kHz tone
            paced(caller, tone(1000, 6000, 8000));

            // Then the operator receives caller frames (tag 0) of 20 ms that carry that tone, and
            // the caller's level rises well above silence
            List<OperatorClient.Frame> callerFrames = await(
                    () -> {
                        List<OperatorClient.Frame> f = framesTagged(operator, 0);
                        return f.size() >= 40 ? f : null;
                    },
                    "caller frames at the operator");
            assertThat(callerFrames.get(0).samples()).hasSize(160);
            short[] heard = concat(callerFrames);
            assertThat(goertzel(heard, 1000)).isGreaterThan(20 * goertzel(heard, 400));
            assertThat(rmsDbfs(heard)).isGreaterThan(-20);
            CallEvent listened = events.call(callId)
                    .filter(e -> e.type().equals("operator.action"))
                    .blockFirst(Duration.ofSeconds(10));
            assertThat(listened.data())
                    .containsEntry("action", "listen")
                    .containsEntry("by", "admin-token")
                    .containsEntry("detail", "on");
            JsonNode loud = operator.awaitText(m -> m.path("type").asString().equals("levels")
                    && m.path("caller").asDouble() > -30);
            assertThat(loud.path("assistant").isNumber()).isTrue();
        }
    }

    @Test
    void shouldMixTheOperatorsVoiceIntoWhatTheCallerHears() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // Given an operator who turned talk on
            operator.text("{\"type\":\"talk\",\"on\":true}");
            awaitLevels(operator);

            // When they send one second of a 400 Hz tone, 20 ms a message
            short[] voice = tone(400, 8000, 8000);
            for (int off = 0; off < voice.length; off += 160) {
                operator.binary(OperatorClient.pcm(voice, off, 160));
                Thread.sleep(20);
            }

            // Then the caller's leg carries that tone
            short[] heard = await(
                    () -> {
                        short[] pcm = callerHeard(caller, 0);
                        return pcm.length >= 8 * 600 ? pcm : null;
                    },
                    "the operator's voice at the caller");
            assertThat(goertzel(heard, 400)).isGreaterThan(20 * goertzel(heard, 1000));
            assertThat(rmsDbfs(heard)).isGreaterThan(-20);
        }
    }

    // ---- modes -----------------------------------------------------------------------------------------

    @Test
    void shouldSilenceTheAssistantWithin300MsInCopilotSuggestInTextAndSpeakAgainInAssistantMode() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // Given the assistant answering the caller with two seconds of audio
            caller.speakThenPause(2000, 600);
            await(() -> mediaCount(caller) > 10, "assistant audio at the caller");

            // When the operator switches to copilot mid-answer
            long switched = System.nanoTime();
            operator.text("{\"type\":\"mode\",\"mode\":\"copilot\"}");

            // Then the caller hears the assistant stop within 300 ms, and every operator is told
            JsonNode mode = operator.awaitText(m -> m.path("type").asString().equals("mode"));
            assertThat(mode.path("mode").asString()).isEqualTo("copilot");
            assertThat(mode.path("by").asString()).isEqualTo("admin-token");
            Thread.sleep(1000);
            long lastMedia = lastMediaNanos(caller);
            assertThat(Duration.ofNanos(lastMedia - switched)).isLessThan(Duration.ofMillis(300));

            // When the caller speaks again
            int mediaBefore = mediaCount(caller);
            caller.speakThenPause(800, 600);

            // Then the model's reply reaches the operator as a text suggestion, and not the caller
            JsonNode suggestion =
                    operator.awaitText(m -> m.path("type").asString().equals("suggestion"));
            assertThat(suggestion.path("text").asString()).isNotBlank();
            assertThat(suggestion.path("itemId").asString()).isNotBlank();
            assertThat(mediaCount(caller)).isEqualTo(mediaBefore);

            // When the operator hands back to the assistant and the caller speaks
            operator.text("{\"type\":\"mode\",\"mode\":\"assistant\"}");
            operator.awaitText(m -> m.path("type").asString().equals("mode")
                    && m.path("mode").asString().equals("assistant"));
            caller.speakThenPause(800, 600);

            // Then the caller hears the assistant again
            await(() -> mediaCount(caller) > mediaBefore + 10, "assistant audio after copilot");
        }
    }

    @Test
    void shouldHandTheCallBackToTheAssistantWhenTheLastOperatorLeavesInCopilot() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId)) {
            // Given an operator who took the call over in copilot mode
            try (OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
                operator.text("{\"type\":\"mode\",\"mode\":\"copilot\"}");
                operator.awaitText(m -> m.path("type").asString().equals("mode"));
            }

            // When their connection goes and the caller speaks
            Thread.sleep(500);
            caller.speakThenPause(800, 600);

            // Then the caller hears the assistant: nobody is left to speak in its place
            await(() -> mediaCount(caller) > 10, "assistant audio after the operator left");
        }
    }

    // ---- bad input, slow operators, hang-up, transfer -----------------------------------------------

    @Test
    void shouldCloseWith1007OnAudioOfAnOddByteCount() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // Given a talking operator / When they send 321 bytes
            operator.text("{\"type\":\"talk\",\"on\":true}");
            operator.binary(new byte[321]);

            // Then the socket closes with 1007 naming the problem, and the call goes on
            assertClosed(operator, 1007, "odd byte count 321: audio is PCM16, two bytes a sample");
            assertThat(caller.isClosed()).isFalse();
        }
    }

    @Test
    void shouldAnswerErrorsForCommandsItCannotDoAndKeepTheConnection() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // When the operator sends an unknown type, a bad mode and a transfer to a number not allowed
            operator.text("{\"type\":\"dance\"}");
            operator.text("{\"type\":\"mode\",\"mode\":\"autopilot\"}");
            operator.text("{\"type\":\"transfer\",\"to\":\"+19005550100\"}");

            // Then each is refused by name with an error message
            await(() -> errors(operator).size() == 3, "three errors");
            assertThat(errors(operator))
                    .containsExactly(
                            "unknown message type 'dance'",
                            "mode must be 'assistant' or 'copilot'",
                            "transfers to +19005550100 are not allowed");
            // and nothing was dialled
            IdentityProvider.server()
                    .verify(
                            0,
                            postRequestedFor(
                                    urlPathEqualTo("/sip-media-applications/sma-op-1/calls/" + callId + "-tx")));
        }
    }

    @Test
    void shouldTransferThroughTheCallsSmaWhenTheNumberIsAllowed() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // When the operator transfers the call to an allowed number
            operator.text("{\"type\":\"transfer\",\"to\":\"" + TRANSFER_ALLOWED_NUMBER + "\"}");

            // Then the gateway asks the call's SMA to transfer it there
            await(
                    () -> !IdentityProvider.server()
                            .findAll(postRequestedFor(
                                            urlPathEqualTo("/sip-media-applications/sma-op-1/calls/" + callId + "-tx"))
                                    .withRequestBody(matchingJsonPath("$.Arguments.command", equalTo("transfer")))
                                    .withRequestBody(
                                            matchingJsonPath("$.Arguments.to", equalTo(TRANSFER_ALLOWED_NUMBER))))
                            .isEmpty(),
                    "the transfer at the SMA");
        }
    }

    @Test
    void shouldTransferThroughTheRestApiAndRefuseANumberNotAllowed() {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId)) {
            // When an admin asks for a number not allowed, then for an allowed one
            HttpResponse<String> refused =
                    http().post("/api/calls/" + callId + "/transfer", ADMIN_TOKEN, "{\"to\":\"+19005550100\"}");
            HttpResponse<String> accepted = http().post(
                            "/api/calls/" + callId + "/transfer",
                            ADMIN_TOKEN,
                            "{\"to\":\"" + TRANSFER_ALLOWED_NUMBER + "\"}");

            // Then the first is a problem naming why, the second is under way through the SMA
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(json(refused).path("detail").asString()).isEqualTo("transfers to +19005550100 are not allowed");
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(json(accepted).path("to").asString()).isEqualTo(TRANSFER_ALLOWED_NUMBER);
            OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(
                    new Yaml().load(http().get("/api/openapi.yaml", ADMIN_TOKEN).body()));
            assertThat(schemas.check(json(accepted), "TransferAccepted")).isEmpty();
            assertThat(schemas.check(json(refused), "Problem")).isEmpty();
            IdentityProvider.server()
                    .verify(postRequestedFor(urlPathEqualTo("/sip-media-applications/sma-op-1/calls/" + callId + "-tx"))
                            .withRequestBody(matchingJsonPath("$.Arguments.command", equalTo("transfer"))));
        }
    }

    @Test
    void shouldTransferOnlyToTheTargetsOfTheCallsProfileAndPublishTheTransfer() {
        // Given a live call to the support line, whose profile has its own transfer number
        String callId = newCallId();
        try (MediaCaller caller = MediaCaller.callThroughSma(
                http().media(), MEDIA_TOKEN, callId, callId + "-tx", "sma-op-1", SUPPORT_NUMBER)) {
            http().awaitReady(callId, ADMIN_TOKEN);

            // When an admin asks for the gateway-wide allowed number, then for the profile's
            HttpResponse<String> gatewayWide = http().post(
                            "/api/calls/" + callId + "/transfer",
                            ADMIN_TOKEN,
                            "{\"to\":\"" + TRANSFER_ALLOWED_NUMBER + "\"}");
            HttpResponse<String> profiles = http().post(
                            "/api/calls/" + callId + "/transfer",
                            ADMIN_TOKEN,
                            "{\"to\":\"" + SUPPORT_TRANSFER_NUMBER + "\"}");

            // Then the profile's targets decide, as they do for the model's transfer_to_human
            assertThat(gatewayWide.statusCode()).isEqualTo(422);
            assertThat(json(gatewayWide).path("detail").asString())
                    .isEqualTo("transfers to " + TRANSFER_ALLOWED_NUMBER + " are not allowed");
            assertThat(profiles.statusCode()).as(profiles.body()).isEqualTo(202);
            IdentityProvider.server()
                    .verify(postRequestedFor(urlPathEqualTo("/sip-media-applications/sma-op-1/calls/" + callId + "-tx"))
                            .withRequestBody(matchingJsonPath("$.Arguments.to", equalTo(SUPPORT_TRANSFER_NUMBER))));
            // And the application hears of it like any other transfer
            CallEvent transferred = events.call(callId)
                    .filter(e -> e.type().equals("call.transferred"))
                    .blockFirst(Duration.ofSeconds(10));
            assertThat(transferred.data()).containsEntry("to", SUPPORT_TRANSFER_NUMBER);
        }
    }

    @Test
    void shouldHangUpTheCallAndCloseTheOperatorWith1000CallEnded() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient operator = OperatorClient.ready(port, callId, ADMIN_TOKEN)) {
            // When the operator hangs up
            operator.text("{\"type\":\"hangup\"}");

            // Then the caller's stream ends and the operator's socket closes as "call ended"
            assertClosed(operator, 1000, "call ended");
            caller.awaitClose(Duration.ofSeconds(10));
            await(
                    () -> "ADMIN_HANGUP"
                            .equals(json(http().get("/api/calls/" + callId, ADMIN_TOKEN))
                                    .path("endReason")
                                    .asString("")),
                    "the call to end as ADMIN_HANGUP");
        }
    }

    @Test
    void shouldNotLoseACallerFrameWhileAListeningOperatorReadsSlowly() throws Exception {
        String callId = newCallId();
        try (MediaCaller caller = liveCall(callId);
                OperatorClient slow = OperatorClient.connectSlow(port, callId, Duration.ofMillis(200))) {
            // Given an operator listening whose browser reads five messages a second
            slow.text("{\"type\":\"auth\",\"token\":\"" + ADMIN_TOKEN + "\"}");
            slow.text("{\"type\":\"listen\",\"on\":true}");
            long before = json(http().get("/api/calls/" + callId, ADMIN_TOKEN))
                    .path("media")
                    .path("framesIn")
                    .asLong();

            // When the caller sends three seconds of audio
            paced(caller, tone(300, 3000, 24000));

            // Then the call took every caller frame and dropped none
            JsonNode media = await(
                    () -> {
                        JsonNode m = json(http().get("/api/calls/" + callId, ADMIN_TOKEN))
                                .path("media");
                        return m.path("framesIn").asLong() - before >= 150 ? m : null;
                    },
                    "every caller frame at the call");
            assertThat(media.path("framesIn").asLong() - before).isEqualTo(150);
            assertThat(media.path("droppedIn").asLong()).isZero();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void assertClosed(OperatorClient client, int code, String reason) {
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).as("a close frame").isNotNull();
        assertThat(status.code()).isEqualTo(code);
        assertThat(status.reasonText()).isEqualTo(reason);
    }

    private static void awaitLevels(OperatorClient operator) {
        operator.awaitText(m -> m.path("type").asString().equals("levels"));
    }

    private static List<String> errors(OperatorClient operator) {
        return operator.texts().stream()
                .filter(m -> m.path("type").asString().equals("error"))
                .map(m -> m.path("message").asString())
                .toList();
    }

    private static List<OperatorClient.Frame> framesTagged(OperatorClient operator, int tag) {
        return operator.frames().stream().filter(f -> f.tag() == tag).toList();
    }

    /** {@code ms} of a sine at {@code hz}, amplitude {@code amplitude}, 8 kHz. */
    static short[] tone(int hz, int ms, int amplitude) {
        short[] s = new short[ms * 8];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return s;
    }

    /** Sends {@code pcm} as µ-law frames, one every 20 ms, as a phone would. */
    private static void paced(MediaCaller caller, short[] pcm) throws InterruptedException {
        long start = System.nanoTime();
        for (int off = 0, n = 0; off + 160 <= pcm.length; off += 160, n++) {
            short[] frame = java.util.Arrays.copyOfRange(pcm, off, off + 160);
            caller.sendPcm(frame);
            long due = start + (n + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private static short[] concat(List<OperatorClient.Frame> frames) {
        int n = frames.stream().mapToInt(f -> f.samples().length).sum();
        short[] all = new short[n];
        int at = 0;
        for (OperatorClient.Frame f : frames) {
            System.arraycopy(f.samples(), 0, all, at, f.samples().length);
            at += f.samples().length;
        }
        return all;
    }

    private static List<String> media(MediaCaller caller) {
        return caller.received().stream()
                .filter(m -> m.contains("\"event\":\"media\""))
                .toList();
    }

    private static int mediaCount(MediaCaller caller) {
        return media(caller).size();
    }

    private static long lastMediaNanos(MediaCaller caller) {
        long last = 0;
        List<String> received = caller.received();
        List<Long> at = caller.receivedNanos();
        for (int i = 0; i < Math.min(received.size(), at.size()); i++) {
            if (received.get(i).contains("\"event\":\"media\"")) {
                last = at.get(i);
            }
        }
        return last;
    }

    /** The linear audio of the caller's media messages from index {@code from} on. */
    private static short[] callerHeard(MediaCaller caller, int from) {
        List<Short> samples = new ArrayList<>();
        List<String> media = media(caller);
        for (int i = from; i < media.size(); i++) {
            JsonNode m = AdminHttp.JSON.readTree(media.get(i));
            for (byte b :
                    Base64.getDecoder().decode(m.path("media").path("payload").asString())) {
                samples.add(G711.ulawToLinear(b));
            }
        }
        short[] out = new short[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples.get(i);
        }
        return out;
    }

    /** The power of {@code hz} in {@code x} (Goertzel), for telling one tone from another. */
    static double goertzel(short[] x, int hz) {
        double w = 2 * Math.PI * hz / 8000.0;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    static double rmsDbfs(short[] x) {
        double sum = 0;
        for (short v : x) {
            sum += (double) v * v;
        }
        return 10 * Math.log10(sum / x.length / (32768.0 * 32768.0));
    }
}
