package dev.voicebridge.gateway.realtime;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mints a short-lived Azure OpenAI Realtime client secret (GA: {@code POST
 * {endpoint}/openai/v1/realtime/client_secrets}) with the gateway's own credentials, so a browser
 * can open one Realtime session without ever holding the api-key. The session configuration
 * (deployment, instructions, voice) is bound to the secret here, server-side. The secret's value is
 * returned to the caller only: never logged, never in {@link Minted#toString()}. Non-blocking;
 * runs on Reactor Netty's event loop.
 */
@Component
public class ClientSecretMinter {

    static final String PATH = "/openai/v1/realtime/client_secrets";
    /** Azure's GA WebRTC entry: a browser posts its SDP offer here with {@code Authorization: Bearer <secret>}. */
    static final String CALLS_PATH = "/openai/v1/realtime/calls";

    private static final Logger log = LoggerFactory.getLogger(ClientSecretMinter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RealtimeConnector connector;
    private final ClientSecretProperties properties;
    private final HttpClient http;

    public ClientSecretMinter(RealtimeConnector connector, ClientSecretProperties properties) {
        this.connector = connector;
        this.properties = properties;
        // The set-up budget, not the handshake's: minting is one request the console waits for.
        this.http = HttpClient.create()
                .responseTimeout(connector.properties().resilience().setupTimeout());
    }

    /** A minted secret: its value, when it stops opening sessions (epoch seconds), and Azure's session. */
    public record Minted(String value, long expiresAt, JsonNode session) {

        @Override
        public String toString() {
            return "Minted[value=<redacted>, expiresAt=" + expiresAt + ", session=" + session.path("id") + "]";
        }
    }

    /** Where a browser opens its session with a minted secret: {@code <endpoint>/openai/v1/realtime/calls}. */
    public String callsUrl() {
        return connector.properties().endpoint().toString().replaceAll("/+$", "") + CALLS_PATH;
    }

    /** How long a secret opens sessions, in seconds ({@code expires_after.seconds}). */
    public long ttlSeconds() {
        return properties.ttl().toSeconds();
    }

    /**
     * Mints a secret whose sessions use the configured deployment with these instructions and voice.
     *
     * @throws ClientSecretRefused (as the Mono's error) saying what stopped it
     */
    public Mono<Minted> mint(String instructions, String voice) {
        RealtimeProperties realtime = connector.properties();
        if (!realtime.configured()) {
            return Mono.error(new ClientSecretRefused(503, "AZURE_OPENAI_ENDPOINT is not set: no client secrets"));
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("expires_after").put("anchor", "created_at").put("seconds", ttlSeconds());
        ObjectNode session = body.putObject("session");
        session.put("type", "realtime");
        session.put("model", realtime.deployment());
        session.put("instructions", instructions);
        session.putObject("audio").putObject("output").put("voice", voice);
        String url = realtime.endpoint().toString().replaceAll("/+$", "") + PATH;
        return http.headersWhen(headers ->
                        connector.authenticate(headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")))
                .post()
                .uri(url)
                .send(ByteBufFlux.fromString(
                        Mono.just(body.toString()), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> answer(
                                response.status().code(),
                                response.responseHeaders().get("Retry-After"),
                                text)))
                .onErrorMap(e -> !(e instanceof ClientSecretRefused), ClientSecretMinter::unreachable);
    }

    private Minted answer(int status, String retryAfter, String text) {
        if (status == 200) {
            try {
                JsonNode minted = JSON.readTree(text);
                String value = minted.path("value").asString("");
                if (value.isEmpty() || !minted.path("expires_at").canConvertToLong()) {
                    throw new ClientSecretRefused(502, "Azure's client secret answer has no value or expires_at");
                }
                log.info(
                        "minted a Realtime client secret for deployment {} expiring at {}",
                        connector.properties().deployment(),
                        minted.path("expires_at").asLong());
                return new Minted(value, minted.path("expires_at").asLong(), minted.path("session"));
            } catch (JacksonException e) {
                throw new ClientSecretRefused(502, "Azure's client secret answer is not JSON");
            }
        }
        String reason = azureMessage(text);
        log.warn("Azure refused to mint a client secret: HTTP {} {}", status, reason);
        if (status == 429 || status >= 500) {
            throw new ClientSecretRefused(
                    503,
                    "Azure OpenAI answered HTTP " + status + " (" + reason + "); retry later",
                    seconds(retryAfter));
        }
        String hint = switch (status) {
            case 401, 403 -> " (check AZURE_OPENAI_API_KEY or the Entra token)";
            case 404 -> " (check AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT)";
            default -> "";
        };
        throw new ClientSecretRefused(
                502, "Azure OpenAI refused the client secret: HTTP " + status + " " + reason + hint);
    }

    private static String azureMessage(String text) {
        try {
            JsonNode error = JSON.readTree(text).path("error");
            String message = error.path("message").asString("");
            String code = error.path("code").asString("");
            String shown = (code.isEmpty() ? "" : code + ": ") + message;
            return shown.length() > 300 ? shown.substring(0, 300) + "..." : shown;
        } catch (JacksonException e) {
            return "(no JSON error)";
        }
    }

    private static int seconds(String retryAfter) {
        try {
            return retryAfter == null ? 2 : Math.max(1, Integer.parseInt(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static ClientSecretRefused unreachable(Throwable e) {
        if (e instanceof RealtimeSetupException setup) {
            return new ClientSecretRefused(503, "no Azure credentials: " + setup.getMessage(), 5);
        }
        String what = e instanceof TimeoutException
                ? "no answer in time"
                : e.getClass().getSimpleName();
        log.warn("minting a client secret failed: Azure OpenAI unreachable: {}", what);
        return new ClientSecretRefused(503, "Azure OpenAI could not be reached (" + what + "); try again", 5);
    }
}
