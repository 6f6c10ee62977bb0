package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.events.CallEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The call events as Server-Sent Events, read with WebClient from the whole gateway while a real
 * call runs over its WebSocket transport with the Realtime simulator as Azure.
 */
class CallEventsApiTest extends AdminApplicationTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    @Autowired
    CallEvents events;

    /** The stream's events; its keep-alive comments (the first comes at once) are not events. */
    private Flux<ServerSentEvent<String>> events(String path) {
        return WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri(path)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(SSE)
                .filter(e -> e.event() != null);
    }

    @Test
    void shouldStreamALiveCallsEventsInOrderAndReplayThemToALateReader() {
        // Given a reader of every call's events, before the call starts
        List<ServerSentEvent<String>> all = new CopyOnWriteArrayList<>();
        Disposable reader = events("/api/events").subscribe(all::add);
        AdminHttp http = http();
        try {
            // (it reads live events only: wait until it sees those of a probe call)
            await(
                    () -> {
                        events.publish("probe-sse", "call.state", Map.of("state", "READY"));
                        return !all.isEmpty();
                    },
                    "the reader subscribed");

            // When a caller speaks one turn and hangs up
            try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-sse", "sma-sse")) {
                http.awaitReady("gw-sse", ADMIN_TOKEN);
                caller.speakThenPause(600, 600);
                await(() -> ofCall(all).stream().anyMatch(e -> "transcript.turn".equals(e.event())), "a turn");
            }
            await(() -> ofCall(all).stream().anyMatch(e -> "call.ended".equals(e.event())), "the end of the call");
            List<ServerSentEvent<String>> live = ofCall(all);

            // Then the reader saw the call from its start to its end, numbered 1, 2, 3... in order
            List<JsonNode> seen =
                    live.stream().map(e -> AdminHttp.JSON.readTree(e.data())).toList();
            assertThat(seen)
                    .extracting(e -> e.path("data").path("seq").asLong())
                    .containsExactly(java.util.stream.LongStream.rangeClosed(1, seen.size())
                            .boxed()
                            .toArray(Long[]::new));
            assertThat(live.getFirst().event()).isEqualTo("call.started");
            assertThat(live.getLast().event()).isEqualTo("call.ended");
            assertThat(live).allSatisfy(e -> {
                JsonNode body = AdminHttp.JSON.readTree(e.data());
                assertThat(e.id())
                        .isEqualTo("gw-sse:" + body.path("data").path("seq").asLong());
                assertThat(body.path("type").asString()).isEqualTo(e.event());
                assertThat(body.path("data").path("callId").asString()).isEqualTo("gw-sse");
            });
            // And each one is what the OpenAPI description says a CallEvent is
            OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(new org.yaml.snakeyaml.Yaml()
                    .load(http.get("/api/openapi.yaml", ADMIN_TOKEN).body()));
            assertThat(seen)
                    .allSatisfy(e -> assertThat(schemas.check(e, "CallEvent")).isEmpty());
            JsonNode started = seen.getFirst().path("data");
            assertThat(started.path("transport").asString()).isEqualTo("WEBSOCKET");
            assertThat(started.path("direction").asString()).isEqualTo("inbound");
            assertThat(started.path("from").asString()).isEqualTo("+15550100");
            assertThat(live).extracting(ServerSentEvent::event).contains("call.answered", "call.state");
            JsonNode turn = seen.stream()
                    .filter(e -> e.path("type").asString().equals("transcript.turn"))
                    .findFirst()
                    .orElseThrow()
                    .path("data");
            assertThat(turn.path("speaker").asString()).isIn("caller", "assistant");
            assertThat(turn.path("text").asString()).isNotBlank();
            assertThat(turn.path("interrupted").isBoolean()).isTrue();
            JsonNode ended = seen.getLast().path("data");
            assertThat(ended.path("reason").asString()).isEqualTo("CALLER_HANGUP");
            assertThat(ended.path("media").path("framesIn").asLong()).isPositive();

            // And a reader that comes after the end gets the same events, by call id or SMA id,
            // and its stream ends
            List<String> replay = events("/api/calls/sma-sse/events")
                    .map(ServerSentEvent::id)
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(replay)
                    .containsExactlyElementsOf(
                            live.stream().map(ServerSentEvent::id).toList());
        } finally {
            reader.dispose();
        }
    }

    @Test
    void shouldReplayALiveCallToAReaderWhoJoinsMidCallThenFollowItToItsEnd() {
        AdminHttp http = http();
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        // Given a call under way
        try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-late", "sma-late")) {
            http.awaitReady("gw-late", ADMIN_TOKEN);

            // When a reader joins now
            events("/api/calls/gw-late/events").subscribe(seen::add);

            // Then it gets what happened before it came, from the first event
            await(() -> seen.size() >= 2, "the replay");
            assertThat(seen.getFirst().id()).isEqualTo("gw-late:1");
            assertThat(seen.getFirst().event()).isEqualTo("call.started");
        }
        // And then the live end of the call
        await(() -> !seen.isEmpty() && "call.ended".equals(seen.getLast().event()), "the end, live");
    }

    @Test
    void shouldRefuseAReaderWithoutCredentialsAndNameAnUnknownCall() {
        AdminHttp http = http();

        // When the streams are asked for without a token, and for a call that never was
        HttpResponse<String> anonymous = http.get("/api/events", null);
        HttpResponse<String> anonymousCall = http.get("/api/calls/whatever/events", null);
        HttpResponse<String> unknown = http.get("/api/calls/no-such-call/events", ADMIN_TOKEN);

        // Then 401, and a 404 problem naming the call
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymousCall.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(unknown).path("detail").asString()).contains("no-such-call");
    }

    private static List<ServerSentEvent<String>> ofCall(List<ServerSentEvent<String>> all) {
        return all.stream()
                .filter(e -> e.id() != null && e.id().startsWith("gw-sse:"))
                .toList();
    }
}
