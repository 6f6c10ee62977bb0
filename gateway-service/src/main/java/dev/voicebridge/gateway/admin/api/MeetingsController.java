package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.meetings.MeetingRefused;
import dev.voicebridge.gateway.meetings.MeetingRequest;
import dev.voicebridge.gateway.meetings.MeetingStarter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/meetings}: starts a Chime SDK meeting for the console and answers 201 with the
 * join information amazon-chime-sdk-js takes; optionally dials a phone number into it. It only
 * translates HTTP: the {@link MeetingStarter} decides. AWS calls block, so they run on
 * bounded-elastic.
 */
@RestController
@RequestMapping("/api/meetings")
class MeetingsController {

    private final MeetingStarter starter;

    MeetingsController(MeetingStarter starter) {
        this.starter = starter;
    }

    @PostMapping
    Mono<ResponseEntity<byte[]>> start(@RequestBody(required = false) Mono<String> body, Mono<Principal> principal) {
        return Mono.zip(body.defaultIfEmpty(""), principal.map(Principal::getName))
                .publishOn(Schedulers.boundedElastic())
                .map(request -> starter.start(MeetingRequest.parse(request.getT1()), request.getT2()))
                .map(started -> ResponseEntity.status(HttpStatus.CREATED)
                        // The body carries a JoinToken: no cache may keep it.
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        // Bytes, not a JSON object: Spring's encoders log an object's content at
                        // DEBUG ("Encoding [...]"), bytes only by count, and this holds a JoinToken.
                        .body(started.toJson().toString().getBytes(StandardCharsets.UTF_8)))
                .onErrorMap(MeetingRefused.class, RefusalProblems::problem);
    }
}
