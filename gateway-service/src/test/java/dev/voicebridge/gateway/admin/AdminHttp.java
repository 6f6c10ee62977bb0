package dev.voicebridge.gateway.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running gateway, and waiting for what happens asynchronously. */
final class AdminHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    URI media() {
        return URI.create("ws://127.0.0.1:" + port + "/media");
    }

    HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET(), token);
    }

    HttpResponse<String> post(String path, String token) {
        return send(
                HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    /** A POST with a body and extra headers (name, value, name, value, ...). */
    HttpResponse<String> post(String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // The first placement builds the AWS client, which on a busy 2-core machine can take seconds.
        request.timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    /**
     * Waits until the gateway's Azure session for the call is READY (the simulator having sent
     * session.updated is not enough: the gateway still verifies it, and drops caller audio until then).
     */
    void awaitReady(String callId, String adminToken) {
        await(
                () -> "READY"
                        .equals(json(get("/api/calls/" + callId, adminToken))
                                .path("media")
                                .path("assistantState")
                                .asString("")),
                "the Azure session of " + callId + " to be READY");
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Polls until the condition holds; the timeout only guards against a hang. */
    static void await(BooleanSupplier condition, String what) {
        await(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    static <T> T await(Supplier<T> value, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
