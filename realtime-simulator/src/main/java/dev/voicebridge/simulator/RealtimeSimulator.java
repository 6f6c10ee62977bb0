package dev.voicebridge.simulator;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A local server that speaks Azure OpenAI Realtime over WebSocket, both the GA protocol
 * ({@code /openai/v1/realtime?model=<deployment>}) and the 2025-04-01-preview protocol
 * ({@code /openai/realtime?api-version=...&deployment=<deployment>}). It answers like Azure: energy
 * VAD on the caller's audio, responses whose audio is an echo of what the caller said (or a tone),
 * streamed in deltas faster than real time, barge-in cancellation, truncate validation, tool calls
 * on cue and scripted faults.
 *
 * <p>A test fixture and demo aid, never on the gateway's production code path. Point the gateway's
 * {@code AZURE_OPENAI_ENDPOINT} at {@link #baseUrl()} and use {@link #apiKey()} as the key.
 *
 * <pre>{@code
 * try (RealtimeSimulator azure = RealtimeSimulator.start()) {
 *     // ... run a call against azure.baseUrl() ...
 *     SessionRecord session = azure.awaitSession(1, Duration.ofSeconds(5));
 *     session.awaitServerEvent("response.done", Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class RealtimeSimulator implements AutoCloseable {

    /** One WebSocket handshake the simulator saw, and the HTTP status it answered (101 = accepted). */
    public record Handshake(String path, Protocol protocol, int status, Instant at) {}

    public static final String GA_PATH = "/openai/v1/realtime";
    public static final String PREVIEW_PATH = "/openai/realtime";
    public static final String PREVIEW_API_VERSION = "2025-04-01-preview";

    private static final Logger log = LoggerFactory.getLogger(RealtimeSimulator.class);
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final SimulatorOptions options;
    private final ScheduledExecutorService timer;
    private final List<SimulatedSession> running = new CopyOnWriteArrayList<>();
    private final Fault.SlowHandshake slowHandshake;
    private volatile DisposableServer server;
    private final int boundPort;
    private final List<SessionRecord> sessions = new CopyOnWriteArrayList<>();
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private final AtomicInteger rejectionsLeft;
    private final Fault.HandshakeRejection rejection;
    private final ClientSecrets clientSecrets;
    private final WebRtcCalls webRtcCalls;

    private RealtimeSimulator(SimulatorOptions options) {
        this.options = options;
        this.clientSecrets = new ClientSecrets(options);
        this.webRtcCalls = new WebRtcCalls(clientSecrets, this);
        this.rejection = options.faults().stream()
                .filter(Fault.HandshakeRejection.class::isInstance)
                .map(Fault.HandshakeRejection.class::cast)
                .findFirst()
                .orElse(null);
        this.rejectionsLeft = new AtomicInteger(rejection == null ? 0 : rejection.count());
        this.slowHandshake = options.faults().stream()
                .filter(Fault.SlowHandshake.class::isInstance)
                .map(Fault.SlowHandshake.class::cast)
                .findFirst()
                .orElse(null);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "realtime-simulator-timer");
            t.setDaemon(true);
            return t;
        });
        Thread.startVirtualThread(ClientSecrets::warmUp);
        this.server = bind(options.port());
        this.boundPort = options.unixSocket() == null ? server.port() : 0;
    }

    private DisposableServer bind(int port) {
        HttpServer http = HttpServer.create();
        if (options.unixSocket() != null) {
            deleteSocketFile();
            http = http.bindAddress(
                    () -> new DomainSocketAddress(options.unixSocket().toString()));
        } else {
            http = http.host(options.host()).port(port);
        }
        return http.handle(this::handle).bindNow(Duration.ofSeconds(10));
    }

    /**
     * Azure goes away: every open session's TCP connection drops without a close frame, and new
     * connections are refused, until {@link #recover()}. Sessions opened after it count on from the
     * ones before, so faults and records keep naming them in order.
     */
    public synchronized void outage() {
        server.disposeNow(Duration.ofSeconds(5));
        for (SimulatedSession session : running) {
            session.dropNow();
        }
    }

    /** Azure is back after an {@link #outage()}: it listens again on the same port or socket. */
    public synchronized void recover() {
        server = bind(boundPort);
    }

    public static RealtimeSimulator start() {
        return start(SimulatorOptions.defaults());
    }

    public static RealtimeSimulator start(SimulatorOptions options) {
        return new RealtimeSimulator(options);
    }

    /** What AZURE_OPENAI_ENDPOINT should be: {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + options.host() + ":" + port();
    }

    /** The TCP port; there is none when listening on a Unix socket ({@link #unixSocket()}). */
    public int port() {
        if (options.unixSocket() != null) {
            throw new IllegalStateException(
                    "the simulator listens on the Unix socket " + options.unixSocket() + ", not a TCP port");
        }
        return boundPort;
    }

    /** The Unix domain socket listened on, or null on TCP. */
    public java.nio.file.Path unixSocket() {
        return options.unixSocket();
    }

    private void deleteSocketFile() {
        try {
            java.nio.file.Files.deleteIfExists(options.unixSocket());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot reuse the Unix socket path " + options.unixSocket(), e);
        }
    }

    /** The full GA WebSocket URL for the configured deployment. */
    public URI gaUri() {
        return URI.create("ws://" + options.host() + ":" + port() + GA_PATH + "?model=" + options.deployment());
    }

    /** The full preview WebSocket URL for the configured deployment. */
    public URI previewUri() {
        return URI.create("ws://" + options.host() + ":" + port() + PREVIEW_PATH + "?api-version=" + PREVIEW_API_VERSION
                + "&deployment=" + options.deployment());
    }

    public String apiKey() {
        return options.apiKey();
    }

    public String bearerToken() {
        return options.bearerToken();
    }

    public String deployment() {
        return options.deployment();
    }

    public SimulatorOptions options() {
        return options;
    }

    /** Every session accepted so far, in order. */
    public List<SessionRecord> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * The WebRTC calls accepted on {@code POST /openai/v1/realtime/calls}, by id, each with whether a
     * client secret (rather than the api-key) opened it.
     */
    public Map<String, Boolean> webRtcCalls() {
        Map<String, Boolean> opened = new java.util.TreeMap<>();
        webRtcCalls.calls().forEach((id, call) -> opened.put(id, call.secret() != null));
        return opened;
    }

    /** The refused WebRTC offers: status and Azure's message, in order. */
    public List<String> webRtcRefusals() {
        return webRtcCalls.refusals();
    }

    /** Whether a media edge is connected now. */
    public boolean webRtcEdgeConnected() {
        return webRtcCalls.edgeConnected();
    }

    /** Where the media edge connects (see {@link WebRtcCalls}): {@code ws://host:port/simulator/webrtc-edge}. */
    public URI webRtcEdgeUri() {
        return URI.create("ws://" + options.host() + ":" + port() + WebRtcCalls.EDGE_PATH);
    }

    /** Every handshake so far, accepted or refused, in order. */
    public List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    /** Sessions whose WebSocket is still open. */
    public long openSessions() {
        return sessions.stream().filter(SessionRecord::isOpen).count();
    }

    /** Waits until the {@code index}th (1-based) session has been accepted. */
    public SessionRecord awaitSession(int index, Duration timeout) {
        return Await.until(
                () -> sessions.size() >= index ? sessions.get(index - 1) : null,
                timeout,
                "session " + index + " (have " + sessions.size() + ")");
    }

    /** Waits until every accepted session's socket is closed: no leaked Azure sessions. */
    public void awaitNoOpenSessions(Duration timeout) {
        Await.until(() -> openSessions() == 0, timeout, "all sessions to close (" + openSessions() + " open)");
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        timer.shutdownNow();
        if (options.unixSocket() != null) {
            deleteSocketFile();
        }
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        Map<String, List<String>> params = query.parameters();
        if (path.equals(ClientSecrets.PATH)) {
            return mintClientSecret(request, response, params);
        }
        if (path.equals(WebRtcCalls.PATH)) {
            return webRtcCalls.offer(request, response, authorized(request, params));
        }
        if (path.equals(WebRtcCalls.EDGE_PATH)) {
            return response.sendWebsocket(webRtcCalls::edge);
        }
        Protocol protocol;
        String deployment;
        ClientSecrets.Secret sideband = null;
        if (path.equals(GA_PATH)) {
            protocol = Protocol.GA;
            if (params.containsKey("api-version")) {
                // What Azure does when a dated api-version is sent to the GA path (migration guide).
                return refuse(
                        response,
                        path,
                        protocol,
                        401,
                        "401",
                        "The v1 realtime endpoint does not take an api-version; remove it.");
            }
            deployment = first(params, "model");
            WebRtcCalls.Call call = webRtcCalls.call(String.valueOf(first(params, "call_id")));
            if (call != null) {
                // Azure's sideband: the WebRTC call's own session, with its secret's configuration.
                sideband = call.secret();
                deployment = options.deployment();
            }
        } else if (path.equals(PREVIEW_PATH)) {
            protocol = Protocol.PREVIEW;
            if (!params.containsKey("api-version")) {
                return refuse(response, path, protocol, 404, "404", "Resource not found");
            }
            deployment = first(params, "deployment");
        } else {
            return refuse(response, path, null, 404, "404", "Resource not found");
        }
        String bearer = bearer(request);
        ClientSecrets.Secret secret = null;
        if (bearer != null && bearer.startsWith("ek_")) {
            ClientSecrets.Check check = clientSecrets.check(bearer);
            if (check == ClientSecrets.Check.EXPIRED) {
                return refuse(response, path, protocol, 401, "401", "The client secret has expired.");
            }
            secret = check == ClientSecrets.Check.VALID ? clientSecrets.secret(bearer) : null;
        }
        if (secret == null && !authorized(request, params)) {
            return refuse(
                    response,
                    path,
                    protocol,
                    401,
                    "401",
                    "Access denied due to invalid subscription key or wrong API "
                            + "endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API "
                            + "endpoint for your resource.");
        }
        if (rejection != null && rejectionsLeft.getAndDecrement() > 0) {
            if (rejection.retryAfterSeconds() > 0) {
                response.header(HttpHeaderNames.RETRY_AFTER, Integer.toString(rejection.retryAfterSeconds()));
            }
            return refuse(
                    response,
                    path,
                    protocol,
                    rejection.status(),
                    rejection.status() == 429 ? "429" : "InternalServerError",
                    rejection.status() == 429
                            ? "Requests to the Realtime API have exceeded the rate limit. Please retry after "
                                    + rejection.retryAfterSeconds() + " seconds."
                            : "The server had an error while processing your request.");
        }
        if (deployment == null || !deployment.equals(options.deployment())) {
            return refuse(
                    response,
                    path,
                    protocol,
                    404,
                    "DeploymentNotFound",
                    "The API deployment for this resource does not exist.");
        }
        if (!request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
            return refuse(response, path, protocol, 400, "400", "Expected a WebSocket upgrade.");
        }
        String accepted = deployment;
        ClientSecrets.Secret bound = sideband != null ? sideband : secret;
        Mono<Void> upgrade = Mono.defer(() -> {
            handshakes.add(new Handshake(path, protocol, 101, Instant.now()));
            return response.sendWebsocket(
                    (in, out) -> session(in, out, protocol, accepted, bound),
                    WebsocketServerSpec.builder()
                            .maxFramePayloadLength(MAX_FRAME_BYTES)
                            .build());
        });
        return slowHandshake == null
                ? upgrade
                : Mono.delay(slowHandshake.delay()).then(upgrade);
    }

    /**
     * The client secrets endpoint: only the resource's own credentials (api-key or Entra) mint; a
     * client secret cannot mint another.
     */
    private Publisher<Void> mintClientSecret(
            HttpServerRequest request, HttpServerResponse response, Map<String, List<String>> params) {
        if (!request.method().name().equals("POST")) {
            return answer(response, 405, "{\"error\":{\"code\":\"405\",\"message\":\"Use POST.\"}}");
        }
        if (!authorized(request, params)) {
            return answer(
                    response,
                    401,
                    "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to"
                            + " invalid subscription key or wrong API endpoint.\"}}");
        }
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            ClientSecrets.Answer answer = clientSecrets.mint(body);
            return answer(response, answer.status(), answer.body());
        });
    }

    private static Mono<Void> answer(HttpServerResponse response, int status, String json) {
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(json))
                .then();
    }

    private static String bearer(HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim()
                : null;
    }

    private boolean authorized(HttpServerRequest request, Map<String, List<String>> params) {
        String apiKey = request.requestHeaders().get("api-key");
        if (apiKey == null) {
            apiKey = first(params, "api-key");
        }
        if (options.apiKey().equals(apiKey)) {
            return true;
        }
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.equals("Bearer " + options.bearerToken());
    }

    private Mono<Void> refuse(
            HttpServerResponse response, String path, Protocol protocol, int status, String code, String message) {
        handshakes.add(new Handshake(path, protocol, status, Instant.now()));
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body))
                .then();
    }

    private Publisher<Void> session(
            WebsocketInbound in,
            WebsocketOutbound out,
            Protocol protocol,
            String deployment,
            ClientSecrets.Secret secret) {
        int index = sessionCount.incrementAndGet();
        SimulatedSession session = new SimulatedSession(index, options, protocol, deployment, timer);
        if (secret != null) {
            session.bind(secret);
        }
        sessions.add(session.record());
        running.add(session);
        in.withConnection(session::attach);
        log.debug("Simulator session {} opened ({} protocol)", index, protocol);
        int[] clientClose = {1006};
        String[] clientReason = {""};
        in.receiveCloseStatus().subscribe(status -> {
            clientClose[0] = status.code();
            clientReason[0] = status.reasonText();
        });
        Mono<Void> inbound = in.aggregateFrames(MAX_FRAME_BYTES)
                .receive()
                .asString()
                .doOnNext(session::onClientText)
                .then()
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    running.remove(session);
                    session.disconnected(clientClose[0], clientReason[0]);
                });
        Mono<Void> outbound = out.sendString(session.outbound())
                .then()
                .then(Mono.defer(() -> session.closeCode() == 0
                        ? Mono.<Void>empty()
                        : out.sendClose(session.closeCode(), session.closeReason())))
                .onErrorResume(e -> Mono.empty());
        session.start();
        return Mono.when(inbound, outbound);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
