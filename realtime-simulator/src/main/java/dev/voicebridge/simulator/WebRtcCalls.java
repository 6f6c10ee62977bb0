package dev.voicebridge.simulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Azure's GA WebRTC entry, {@code POST /openai/v1/realtime/calls}, as a browser uses it with a
 * client secret: {@code Authorization: Bearer ek_...}, {@code Content-Type: application/sdp}, the SDP
 * offer as the body; the answer is {@code 201} with the SDP answer and {@code Location:
 * /openai/v1/realtime/calls/rtc_...}. An expired secret is a 401, a missing or wrong one too, and a
 * body that is not SDP a 400. The browser calls it cross-origin, so a CORS preflight is answered.
 *
 * <p>The simulator has no WebRTC media stack of its own (ICE, DTLS-SRTP, SCTP, Opus). Its media plane
 * is a <em>media edge</em>: a WebRTC peer (in tests a Chromium page) that keeps a WebSocket open on
 * {@link #EDGE_PATH}, gets each offer as {@code {"type":"offer","callId","sdp","sideband"}}, answers
 * {@code {"type":"answer","callId","sdp"}}, and carries the call's audio and data channel events to
 * and from a simulated session on the Azure sideband URL {@code /openai/v1/realtime?call_id=rtc_...}
 * (which Azure also offers). That session starts with the client secret's configuration. With no
 * edge connected, an offer is refused with 503 naming that. Thread-safe: offers arrive on request
 * threads, answers on the edge's event loop.
 */
final class WebRtcCalls {

    static final String PATH = RealtimeSimulator.GA_PATH + "/calls";
    /** Not an Azure path: where the simulator's media edge connects. */
    static final String EDGE_PATH = "/simulator/webrtc-edge";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    /** One WebRTC call the simulator accepted: its id and the secret it was opened with (null: api-key). */
    record Call(String id, ClientSecrets.Secret secret) {}

    private final ClientSecrets secrets;
    private final RealtimeSimulator simulator;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, Sinks.One<String>> pending = new ConcurrentHashMap<>();
    private final AtomicReference<Sinks.Many<String>> edge = new AtomicReference<>();

    WebRtcCalls(ClientSecrets secrets, RealtimeSimulator simulator) {
        this.secrets = secrets;
        this.simulator = simulator;
    }

    /** The calls accepted so far, by id. */
    Map<String, Call> calls() {
        return Map.copyOf(calls);
    }

    /** Why each refused offer was refused (status and Azure's message), in order. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    boolean edgeConnected() {
        return edge.get() != null;
    }

    Call call(String id) {
        return calls.get(id);
    }

    Publisher<Void> offer(HttpServerRequest request, HttpServerResponse response, boolean keyAuthorized) {
        cors(request, response);
        if (request.method().name().equals("OPTIONS")) {
            return response.status(HttpResponseStatus.NO_CONTENT)
                    .header("Access-Control-Allow-Methods", "POST")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                    .header("Access-Control-Max-Age", "600")
                    .send();
        }
        if (!request.method().name().equals("POST")) {
            return refuse(response, 405, "405", "Use POST with the SDP offer.");
        }
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        String bearer = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim()
                : null;
        ClientSecrets.Secret secret = null;
        if (bearer != null && bearer.startsWith("ek_")) {
            switch (secrets.check(bearer)) {
                case EXPIRED -> {
                    return refuse(response, 401, "401", "The client secret has expired.");
                }
                case VALID -> secret = secrets.secret(bearer);
                case UNKNOWN -> {
                    // falls through to the key check below
                }
            }
        }
        if (secret == null && !keyAuthorized) {
            return refuse(response, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
        }
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/sdp")) {
            return refuse(response, 400, "invalid_request_error", "Content-Type must be application/sdp.");
        }
        ClientSecrets.Secret bound = secret;
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(sdp -> {
            if (!sdp.startsWith("v=0")) {
                return refuse(response, 400, "invalid_request_error", "The body is not an SDP offer.");
            }
            Sinks.Many<String> toEdge = edge.get();
            if (toEdge == null) {
                return refuse(
                        response,
                        503,
                        "NoMediaEdge",
                        "The simulator has no WebRTC media edge connected on " + EDGE_PATH + ".");
            }
            String id = "rtc_" + Ids.next();
            calls.put(id, new Call(id, bound));
            Sinks.One<String> answer = Sinks.one();
            pending.put(id, answer);
            ObjectNode offer = JSON.createObjectNode()
                    .put("type", "offer")
                    .put("callId", id)
                    .put("sdp", sdp)
                    .put(
                            "sideband",
                            simulator.gaUri().toString().replaceAll("\\?.*$", "") + "?call_id=" + id + "&api-key="
                                    + simulator.apiKey());
            toEdge.tryEmitNext(offer.toString());
            return answer.asMono()
                    .timeout(ANSWER_TIMEOUT)
                    .flatMap(sdpAnswer -> response.status(HttpResponseStatus.CREATED)
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/sdp")
                            .header(HttpHeaderNames.LOCATION, PATH + "/" + id)
                            .header("Access-Control-Expose-Headers", "Location")
                            .sendString(Mono.just(sdpAnswer))
                            .then())
                    .onErrorResume(e -> refuse(response, 504, "MediaEdgeTimeout", "The media edge did not answer."))
                    .doFinally(s -> pending.remove(id));
        });
    }

    /** The media edge's WebSocket: offers out, answers in. One edge at a time; a new one replaces it. */
    Publisher<Void> edge(WebsocketInbound in, WebsocketOutbound out) {
        Sinks.Many<String> offers = Sinks.many().unicast().onBackpressureBuffer();
        edge.set(offers);
        Mono<Void> answers = in.receive()
                .asString()
                .doOnNext(this::onEdgeMessage)
                .then()
                .onErrorResume(e -> Mono.empty())
                .doFinally(s -> edge.compareAndSet(offers, null));
        return Mono.when(answers, out.sendString(offers.asFlux()).then().onErrorResume(e -> Mono.empty()));
    }

    private void onEdgeMessage(String text) {
        JsonNode message = JSON.readTree(text);
        Sinks.One<String> answer = pending.get(message.path("callId").asString(""));
        if (answer != null && "answer".equals(message.path("type").asString(""))) {
            answer.tryEmitValue(message.path("sdp").asString(""));
        }
    }

    private static void cors(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            response.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
        }
    }

    private Mono<Void> refuse(HttpServerResponse response, int status, String code, String message) {
        refusals.add(status + " " + message);
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}"))
                .then();
    }
}
