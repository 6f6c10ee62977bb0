package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import dev.voicebridge.gateway.realtime.protocol.ServerEventParser;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * Opens WebSockets to the configured Realtime endpoint with the right URL, protocol and credentials.
 * Retrying is the caller's business: it knows whether the call can wait.
 */
@Component
public class RealtimeConnector {

    private static final Logger log = LoggerFactory.getLogger(RealtimeConnector.class);

    private final RealtimeProperties properties;
    private final RealtimeProtocol protocol;
    private final HttpClient http;
    private final WebsocketClientSpec spec = WebsocketClientSpec.builder()
            .maxFramePayloadLength(16 * 1024 * 1024)
            .handlePing(false)
            .build();

    private final AccessTokenSupplier tokens;

    public RealtimeConnector(RealtimeProperties properties) {
        this(properties, (AccessTokenSupplier) null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public RealtimeConnector(
            RealtimeProperties properties,
            org.springframework.beans.factory.ObjectProvider<AccessTokenSupplier> tokens) {
        this(properties, tokens.getIfAvailable());
    }

    public RealtimeConnector(RealtimeProperties properties, AccessTokenSupplier tokens) {
        this.properties = properties;
        this.tokens = tokens != null ? tokens : tokenFile(properties);
        this.protocol = RealtimeProtocol.forApiVersion(properties.apiVersion());
        // One socket per call, never pooled: a WebSocket is not reusable.
        this.http = HttpClient.create(ConnectionProvider.newConnection())
                .responseTimeout(properties.resilience().connectTimeout());
        if (!properties.configured()) {
            log.warn("AZURE_OPENAI_ENDPOINT is not set: calls will hear the apology and be hung up");
        } else {
            log.info(
                    "Realtime endpoint {} deployment {} protocol {} auth {}",
                    properties.endpoint(),
                    properties.deployment(),
                    protocol.name(),
                    authKind());
        }
    }

    public RealtimeProtocol protocol() {
        return protocol;
    }

    public RealtimeProperties properties() {
        return properties;
    }

    /** The URI a session opens, for logs and tests; credentials are never part of it. */
    public URI uri() {
        return protocol.uri(properties.endpoint(), properties.deployment());
    }

    /**
     * Opens one socket. The Mono completes once the WebSocket handshake succeeded; it fails with a
     * {@link RealtimeSetupException} saying whether another try could help.
     */
    public Mono<RealtimeConnection> connect(String callId, RealtimeConnection.Handler handler) {
        if (!properties.configured()) {
            return Mono.error(new RealtimeSetupException(false, 0, "AZURE_OPENAI_ENDPOINT is not set"));
        }
        return Mono.defer(() -> {
            RealtimeConnection connection = new RealtimeConnection(callId, new ServerEventParser(protocol), handler);
            Sinks.One<RealtimeConnection> ready = Sinks.one();
            AtomicBoolean established = new AtomicBoolean();
            Disposable subscription = http.headersWhen(this::authenticate)
                    .websocket(spec)
                    .uri(uri())
                    .handle((in, out) -> {
                        established.set(true);
                        return connection.run(in, out, ready);
                    })
                    .subscribe(
                            null,
                            error -> {
                                if (established.get()) {
                                    connection.terminated(error);
                                } else {
                                    ready.tryEmitError(classify(error));
                                }
                            },
                            () -> {
                                if (established.get()) {
                                    connection.terminated(null);
                                } else {
                                    ready.tryEmitError(
                                            new RealtimeSetupException(true, 0, "socket closed during handshake"));
                                }
                            });
            connection.bind(subscription);
            return ready.asMono()
                    .timeout(properties.resilience().connectTimeout())
                    .onErrorMap(
                            TimeoutException.class,
                            e -> new RealtimeSetupException(
                                    true,
                                    0,
                                    "no WebSocket handshake within "
                                            + properties.resilience().connectTimeout()))
                    .doOnError(e -> connection.dispose());
        });
    }

    /**
     * Puts this gateway's Azure credentials on {@code headers}: the api-key, or an Entra bearer
     * token. Shared with {@link ClientSecretMinter}, which authenticates the same way.
     */
    Mono<HttpHeaders> authenticate(HttpHeaders headers) {
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            return Mono.just(headers.set("api-key", properties.apiKey()));
        }
        if (tokens != null) {
            return tokens.token()
                    .onErrorMap(e -> e instanceof RealtimeSetupException
                            ? e
                            : new RealtimeSetupException(true, 0, "no Entra access token: " + e.getMessage()))
                    .map(token -> headers.set("Authorization", "Bearer " + token));
        }
        return Mono.just(headers);
    }

    private static AccessTokenSupplier tokenFile(RealtimeProperties properties) {
        if (properties.tokenFile() == null || properties.tokenFile().isBlank()) {
            return null;
        }
        return () -> Mono.fromCallable(() -> Files.readString(Path.of(properties.tokenFile()), StandardCharsets.UTF_8)
                        .trim())
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> new RealtimeSetupException(
                        false,
                        0,
                        "cannot read the Entra token file " + properties.tokenFile() + ": " + e.getMessage()));
    }

    private String authKind() {
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            return "api-key";
        }
        return tokens != null ? "entra-bearer" : "none";
    }

    static RealtimeSetupException classify(Throwable error) {
        if (error instanceof RealtimeSetupException e) {
            return e;
        }
        if (error instanceof WebSocketClientHandshakeException h && h.response() != null) {
            int status = h.response().status().code();
            boolean retry = status == 408 || status == 429 || status >= 500;
            String hint = switch (status) {
                case 401, 403 -> " (check AZURE_OPENAI_API_KEY; an api-version on the GA path also gives 401)";
                case 404 -> " (check AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_VERSION)";
                default -> "";
            };
            long retryAfter = 0;
            try {
                String header = h.response().headers().get("Retry-After");
                retryAfter = header == null ? 0 : Long.parseLong(header.trim());
            } catch (NumberFormatException ignored) {
                // an HTTP-date Retry-After: fall back to our own backoff
            }
            return new RealtimeSetupException(
                    retry,
                    status,
                    "handshake refused with HTTP " + status + hint,
                    java.time.Duration.ofSeconds(Math.max(0, retryAfter)));
        }
        return new RealtimeSetupException(true, 0, "cannot reach the Realtime endpoint: " + error);
    }
}
