package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.model.call.TranscriptTurn;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A call's transcript, from the transcript store every instance writes (DynamoDB when the registry
 * is shared), so any gateway answers for any call, during and after it. Store reads may block, so
 * they run on the bounded-elastic scheduler.
 */
@RestController
@RequestMapping("/api/calls")
class TranscriptController {

    private final CallTracker tracker;

    TranscriptController(CallTracker tracker) {
        this.tracker = tracker;
    }

    /** The call's turns in order; 404 when neither a turn nor the call itself is known. */
    @GetMapping("/{id}/transcript")
    Mono<CallTranscript> transcript(@PathVariable String id) {
        if (!CallSetup.isSafeId(id)) {
            throw CallsController.problem(HttpStatus.BAD_REQUEST, "id must be " + CallSetup.SAFE_ID_RULE);
        }
        return Mono.fromCallable(() -> {
                    // This instance's gateway call id names the same call as its registry id.
                    String callId =
                            tracker.find(id).map(TrackedCall::registryId).orElse(id);
                    List<TranscriptTurn> turns = tracker.transcripts().store().turns(callId);
                    if (turns.isEmpty()
                            && tracker.find(id).isEmpty()
                            && tracker.registry().find(callId).isEmpty()) {
                        throw CallsController.problem(HttpStatus.NOT_FOUND, "no call with id " + id);
                    }
                    return new CallTranscript(
                            callId, turns.stream().map(Turn::of).toList(), turns.size());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Field names are the contract in openapi.yaml. */
    record CallTranscript(String callId, List<Turn> turns, int count) {}

    record Turn(int seq, String speaker, String text, Instant at, boolean interrupted) {
        static Turn of(TranscriptTurn t) {
            return new Turn(t.seq(), t.speaker().name(), t.text(), t.at(), t.interrupted());
        }
    }
}
