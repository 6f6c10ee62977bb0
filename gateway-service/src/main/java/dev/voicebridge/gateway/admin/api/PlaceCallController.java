package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.outbound.CallPlacer;
import dev.voicebridge.gateway.outbound.PlaceCallRefused;
import dev.voicebridge.gateway.outbound.PlaceCallRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/calls}: places an outbound AI call and answers 202 with its id; the call's
 * progress is then read with {@code GET /api/calls/{id}}. It only translates HTTP: the
 * {@link CallPlacer} decides. The placement blocks (AWS, DynamoDB), so it runs on bounded-elastic.
 */
@RestController
@RequestMapping("/api/calls")
class PlaceCallController {

    private final CallPlacer placer;

    PlaceCallController(CallPlacer placer) {
        this.placer = placer;
    }

    @PostMapping
    Mono<ResponseEntity<CallPlacer.Placed>> place(
            @RequestBody(required = false) Mono<String> body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        // The body arrives on the event loop; the placement must not block it.
        return body.defaultIfEmpty("")
                .publishOn(Schedulers.boundedElastic())
                .map(text -> placer.place(PlaceCallRequest.parse(text), idempotencyKey))
                .map(placed -> ResponseEntity.accepted()
                        .header(HttpHeaders.LOCATION, "/api/calls/" + placed.id())
                        .body(placed))
                .onErrorMap(PlaceCallRefused.class, RefusalProblems::problem);
    }
}
