package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.admin.AdminProperties;
import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.tools.CallTransfers;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.model.GatewayCommand;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegState;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls API. Call status comes from the call registry (every gateway's calls when it is the
 * shared DynamoDB table), media stats and transcripts from this instance for the calls it carries.
 * Registry reads may block (DynamoDB), so they run on the bounded-elastic scheduler.
 */
@RestController
@RequestMapping("/api/calls")
class CallsController {

    static final int MAX_LIMIT = 500;
    private static final Logger log = LoggerFactory.getLogger(CallsController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CallTracker tracker;
    private final AdminProperties admin;
    private final ObjectProvider<SmaCallControl> sma;
    private final CallTransfers transfers;

    CallsController(
            CallTracker tracker, AdminProperties admin, ObjectProvider<SmaCallControl> sma, CallTransfers transfers) {
        this.tracker = tracker;
        this.admin = admin;
        this.sma = sma;
        this.transfers = transfers;
    }

    @GetMapping
    Mono<CallViews.CallList> list(
            @RequestParam(required = false) String state, @RequestParam(required = false) String limit) {
        Optional<CallState> filter = parseState(state);
        int n = parseLimit(limit);
        return Mono.fromCallable(() -> {
                    Set<String> liveHere =
                            tracker.live().stream().map(TrackedCall::registryId).collect(Collectors.toSet());
                    List<CallViews.CallSummary> calls = tracker.registry().list(filter, n).stream()
                            .map(s -> CallViews.CallSummary.of(s, liveHere.contains(s.callId())))
                            .toList();
                    return new CallViews.CallList(
                            calls, calls.size(), filter.map(Enum::name).orElse(null), n);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{id}")
    Mono<CallViews.CallDetail> get(@PathVariable String id) {
        requireCallId(id);
        return Mono.fromCallable(() -> {
                    Optional<TrackedCall> here = tracker.find(id);
                    String registryId = here.map(TrackedCall::registryId).orElse(id);
                    CallStatus status = tracker.registry()
                            .find(registryId)
                            .or(() -> here.map(CallsController::untracked))
                            .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no call with id " + id));
                    return detail(status, here.orElse(null));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Ends a call: directly when this gateway carries it, else (a call on another instance) through
     * its SMA, which ends both legs. 202: the hang-up is under way.
     */
    @PostMapping("/{id}/hangup")
    Mono<ResponseEntity<CallViews.HangupAccepted>> hangup(@PathVariable String id) {
        requireCallId(id);
        Optional<TrackedCall> here = tracker.find(id).filter(c -> !c.ended());
        if (here.isPresent() && here.get().session() != null) {
            CallSession session = here.get().session();
            try (var mdc = CallLogContext.open(session.callId())) {
                log.info("admin hang-up");
                session.hangUp(EndReason.ADMIN_HANGUP);
            }
            return Mono.just(ResponseEntity.accepted().body(new CallViews.HangupAccepted(session.callId(), "gateway")));
        }
        return Mono.fromCallable(() -> tracker.registry()
                        .find(id)
                        .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no call with id " + id)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(status -> {
                    if (status.isEnded()) {
                        return Mono.error(problem(
                                HttpStatus.CONFLICT, "call " + id + " has already ended (" + status.endReason() + ")"));
                    }
                    SmaCallControl control = sma.orderedStream().findFirst().orElse(null);
                    if (control == null
                            || status.sipMediaApplicationId() == null
                            || status.smaTransactionId() == null) {
                        return Mono.error(
                                problem(
                                        HttpStatus.CONFLICT,
                                        "call " + id + " is not carried by this gateway"
                                                + " and has no SIP media application to hang up through; ask the instance that carries it"));
                    }
                    try (var mdc = CallLogContext.open(id)) {
                        log.info("admin hang-up through the call's SIP media application");
                    }
                    return control.send(
                                    new SmaCallControl.SmaCall(
                                            status.sipMediaApplicationId(), status.smaTransactionId()),
                                    new GatewayCommand.Hangup(null))
                            .thenReturn(ResponseEntity.accepted().body(new CallViews.HangupAccepted(id, "sma")));
                });
    }

    /**
     * Transfers a call this gateway carries through its SMA, to a number its targets allow (its
     * profile's, else GATEWAY_TRANSFER_ALLOWED, by default only the default transfer number). 202: the SMA has
     * been asked; the gateway's leg ends as TRANSFERRED when it bridges.
     */
    @PostMapping("/{id}/transfer")
    Mono<ResponseEntity<CallViews.TransferAccepted>> transfer(
            @PathVariable String id, @RequestBody(required = false) Mono<String> body, Principal principal) {
        requireCallId(id);
        CallSession session = tracker.find(id)
                .filter(c -> !c.ended() && c.session() != null)
                .map(TrackedCall::session)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no live call with id " + id + " on this gateway"));
        String by = principal == null ? "unknown" : principal.getName();
        return body.defaultIfEmpty("")
                .map(CallsController::transferTarget)
                .flatMap(to -> {
                    try (var mdc = CallLogContext.open(session.callId())) {
                        log.info("{} asked to transfer the call to {}", by, to);
                    }
                    return transfers
                            .transfer(session, to)
                            .thenReturn(ResponseEntity.accepted()
                                    .body(new CallViews.TransferAccepted(session.callId(), to)));
                })
                .onErrorMap(
                        CallTransfers.Refused.class,
                        refused -> problem(
                                refused.kind() == CallTransfers.Refused.Kind.TARGET_NOT_ALLOWED
                                        ? HttpStatus.UNPROCESSABLE_CONTENT
                                        : HttpStatus.CONFLICT,
                                refused.getMessage()))
                .onErrorMap(
                        e -> !(e instanceof ErrorResponseException),
                        e -> problem(HttpStatus.BAD_GATEWAY, "the transfer could not be started: " + e.getMessage()));
    }

    private static String transferTarget(String body) {
        JsonNode json;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            json = null;
        }
        JsonNode to = json == null ? null : json.path("to");
        if (to == null || !to.isString() || to.stringValue().isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "body must be {\"to\":\"+E.164 number\"}");
        }
        return to.stringValue().trim();
    }

    private static CallViews.CallDetail detail(CallStatus status, TrackedCall call) {
        CallStats stats = call == null ? null : call.stats();
        CallSession session = call == null ? null : call.session();
        return new CallViews.CallDetail(
                status.callId(),
                status.smaTransactionId(),
                status.sipMediaApplicationId(),
                status.from(),
                status.to(),
                status.direction() == null ? null : status.direction().name(),
                status.state().name(),
                status.endReason(),
                status.createdAt(),
                status.updatedAt(),
                status.version(),
                status.history().stream().map(CallViews.StateView::of).toList(),
                status.legs().stream().map(CallViews.LegView::of).toList(),
                stats == null ? null : CallViews.MediaView.of(call, stats),
                stats == null ? null : CallViews.UsageView.of(stats.usage()),
                session == null || session.assistant() == null
                        ? List.of()
                        : session.assistant().transcript().entries().stream()
                                .map(CallViews.TranscriptLine::of)
                                .toList(),
                status.metadata(),
                status.recording());
    }

    /** A call this gateway carries that the registry does not (yet) have: its first write is pending. */
    private static CallStatus untracked(TrackedCall call) {
        Instant at = call.openedAt();
        CallState state = call.ended() ? CallState.ENDED : CallState.CONNECTED;
        return new CallStatus(
                call.registryId(),
                call.setup().smaTransactionId(),
                null,
                call.setup().from(),
                call.setup().to(),
                Direction.INBOUND,
                state,
                List.of(new StateChange(state, at, "gateway")),
                call.endReason() == null ? null : call.endReason().name(),
                List.of(new LegStatus(
                        call.callId(),
                        LegRole.GATEWAY,
                        call.ended() ? LegState.DISCONNECTED : LegState.CONNECTED,
                        at,
                        call.endedAt())),
                null,
                null,
                at,
                at,
                0);
    }

    /**
     * Every call id the gateway hands out follows the id rule (SIP and WebSocket check it at the
     * door), so another one is a client's typo: named here rather than looked up, since DynamoDB
     * refuses a key over 2048 bytes with an error that would be a 500.
     */
    private static void requireCallId(String id) {
        if (!CallSetup.isSafeId(id)) {
            throw problem(HttpStatus.BAD_REQUEST, "id must be " + CallSetup.SAFE_ID_RULE);
        }
    }

    /** Read here, not bound as an Integer, so that 'abc' is refused naming the parameter, not as "Type mismatch." */
    private int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return admin.listLimit();
        }
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "limit must be a whole number between 1 and " + MAX_LIMIT + ", but was '" + limit + "'");
        }
        return n;
    }

    private static Optional<CallState> parseState(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CallState.valueOf(state.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "state must be one of " + Arrays.toString(CallState.values()) + ", but was '" + state + "'");
        }
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
