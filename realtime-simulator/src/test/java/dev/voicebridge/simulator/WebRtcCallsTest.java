package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure's GA WebRTC entry, POST /openai/v1/realtime/calls, with client secrets: the SDP offer goes
 * to the simulator's media edge (here a plain WebSocket client answering a fixed SDP), the answer
 * comes back as 201 with a Location; the secret opens calls, as many as asked, until it expires by
 * the simulator's clock (Azure: "a secret can be used to create multiple sessions until it
 * expires"), and the call's sideband session starts with the secret's configuration.
 */
class WebRtcCallsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SESSION = """
            {"type":"realtime","model":"gpt-realtime","instructions":"Bridge the meeting. Be brief.",
             "audio":{"output":{"voice":"cedar"}}}""";
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String ANSWER = "v=0\r\no=edge 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    /** The simulator's clock, moved by the test: an instant of its own, never compared with the wall clock. */
    private final ManualClock clock = ManualClock.startingAt(Instant.ofEpochSecond(1_800_000_000L));

    private final HttpClient http = HttpClient.newHttpClient();
    private final CopyOnWriteArrayList<JsonNode> offers = new CopyOnWriteArrayList<>();
    private RealtimeSimulator simulator;
    private WebSocket edge;

    @BeforeEach
    void start() throws Exception {
        simulator =
                RealtimeSimulator.start(SimulatorOptions.builder().clock(clock).build());
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.abort();
        }
        simulator.close();
        http.close();
    }

    @Test
    void shouldAnswerAnOfferWithTheClientSecretUntilItExpiresAndBindTheCallsSessionToIt() throws Exception {
        // Given a media edge and a client secret minted for 60 s
        connectEdge();
        String key = mintKey(60);

        // When a browser posts its SDP offer with the secret, twice within the 60 s
        HttpResponse<String> first = offer(key, "application/sdp", OFFER);
        clock.advance(Duration.ofSeconds(59));
        HttpResponse<String> second = offer(key, "application/sdp", OFFER);

        // Then each is 201 with the edge's SDP answer and the call's Location, as Azure answers
        for (HttpResponse<String> answered : java.util.List.of(first, second)) {
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
            assertThat(answered.body()).isEqualTo(ANSWER);
            assertThat(answered.headers().firstValue("Content-Type")).hasValue("application/sdp");
            assertThat(answered.headers().firstValue("Location"))
                    .hasValueSatisfying(v -> assertThat(v).matches("/openai/v1/realtime/calls/rtc_.+"));
        }
        assertThat(offers).hasSize(2);
        assertThat(offers.get(0).path("sdp").asString()).isEqualTo(OFFER);
        assertThat(simulator.webRtcCalls())
                .hasSize(2)
                .allSatisfy((id, bySecret) -> assertThat(bySecret).isTrue());

        // And the call's sideband session starts with the secret's instructions and voice
        URI sideband = URI.create(offers.get(0).path("sideband").asString());
        try (RealtimeTestClient session = RealtimeTestClient.connect(sideband, h -> {})) {
            assertThat(session.awaitHandshake()).isEqualTo(101);
            JsonNode created = session.await("session.created").path("session");
            assertThat(created.path("instructions").asString()).isEqualTo("Bridge the meeting. Be brief.");
            assertThat(created.path("audio").path("output").path("voice").asString())
                    .isEqualTo("cedar");
        }

        // And once the simulator's clock reaches its expiry, the same secret opens no call
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> late = offer(key, "application/sdp", OFFER);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(late.body()).path("error").path("message").asString())
                .isEqualTo("The client secret has expired.");
        assertThat(offers).hasSize(2);
    }

    @Test
    void shouldRefuseOffersWithoutAValidSecretOrNotInSdp() throws Exception {
        // Given a media edge and a live secret
        connectEdge();
        String key = mintKey(60);

        // When offers come with no credential, an unknown ek_, JSON instead of SDP, or a body that is not SDP
        HttpResponse<String> none = offer(null, "application/sdp", OFFER);
        HttpResponse<String> unknown = offer("ek_0123456789abcdef", "application/sdp", OFFER);
        HttpResponse<String> json = offer(key, "application/json", "{}");
        HttpResponse<String> notSdp = offer(key, "application/sdp", "hello");

        // Then each is refused, and none reached the media edge
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(notSdp.statusCode()).isEqualTo(400);
        assertThat(offers).isEmpty();
        assertThat(simulator.webRtcRefusals())
                .containsExactly(
                        "401 Access denied due to invalid subscription key or wrong API endpoint.",
                        "401 Access denied due to invalid subscription key or wrong API endpoint.",
                        "400 Content-Type must be application/sdp.",
                        "400 The body is not an SDP offer.");
    }

    @Test
    void shouldSaySoWhenNoMediaEdgeIsConnected() throws Exception {
        // When an offer comes while no media edge is connected
        HttpResponse<String> offered = offer(mintKey(60), "application/sdp", OFFER);

        // Then it is a 503 that names the missing edge
        assertThat(offered.statusCode()).isEqualTo(503);
        assertThat(offered.body()).contains("no WebRTC media edge connected on /simulator/webrtc-edge");
    }

    private String mintKey(int seconds) throws Exception {
        HttpResponse<String> minted = http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/openai/v1/realtime/client_secrets"))
                        .header("api-key", simulator.apiKey())
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"expires_after":{"anchor":"created_at","seconds":%d},"session":%s}""".formatted(seconds, SESSION)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        return JSON.readTree(minted.body()).path("value").asString();
    }

    private HttpResponse<String> offer(String key, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/openai/v1/realtime/calls"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A media edge that records each offer and answers it with a fixed SDP. */
    private void connectEdge() throws Exception {
        edge = http.newWebSocketBuilder()
                .buildAsync(simulator.webRtcEdgeUri(), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            JsonNode offer = JSON.readTree(text.toString());
                            text.setLength(0);
                            offers.add(offer);
                            socket.sendText(
                                    JSON.createObjectNode()
                                            .put("type", "answer")
                                            .put("callId", offer.path("callId").asString())
                                            .put("sdp", ANSWER)
                                            .toString(),
                                    true);
                        }
                        socket.request(1);
                        return null;
                    }
                })
                .get(5, TimeUnit.SECONDS);
        // The simulator registers the edge when the upgrade completes; give it that moment.
        Await.until(() -> simulator.webRtcEdgeConnected() ? Boolean.TRUE : null, Duration.ofSeconds(5), "the edge");
    }
}
