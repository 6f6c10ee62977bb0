package dev.voicebridge.gateway.admin.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.gateway.realtime.protocol.Usage;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.call.StateChange;
import java.time.Instant;
import java.util.List;

/** What the admin API returns. Field names are the contract in openapi.yaml. */
final class CallViews {

    private CallViews() {}

    /** One call in a list. {@code live} says whether this gateway instance carries it now. */
    record CallSummary(
            String callId,
            String smaTransactionId,
            String state,
            String from,
            String to,
            Instant createdAt,
            Instant updatedAt,
            String endReason,
            boolean live) {

        static CallSummary of(CallStatus status, boolean live) {
            return new CallSummary(
                    status.callId(),
                    status.smaTransactionId(),
                    status.state().name(),
                    status.from(),
                    status.to(),
                    status.createdAt(),
                    status.updatedAt(),
                    status.endReason(),
                    live);
        }
    }

    record CallList(List<CallSummary> calls, int count, String stateFilter, int limit) {}

    record CallDetail(
            String callId,
            String smaTransactionId,
            String sipMediaApplicationId,
            String from,
            String to,
            String direction,
            String state,
            String endReason,
            Instant createdAt,
            Instant updatedAt,
            long version,
            List<StateView> states,
            List<LegView> legs,
            MediaView media,
            UsageView azureUsage,
            List<TranscriptLine> transcript,
            @JsonRawValue String metadata,
            String recording) {}

    record StateView(String state, Instant at, String reason) {
        static StateView of(StateChange change) {
            return new StateView(change.state().name(), change.at(), change.reason());
        }
    }

    record LegView(String legId, String role, String state, Instant startedAt, Instant endedAt) {
        static LegView of(LegStatus leg) {
            return new LegView(leg.legId(), leg.role().name(), leg.state().name(), leg.startedAt(), leg.endedAt());
        }
    }

    /**
     * Media counters of a call this gateway carries or carried recently. {@code jitterMs} is the
     * interarrival jitter of the caller's 20 ms frames as the call session receives them (RFC 3550
     * estimator); {@code lossPercent} the share of caller frames that could not be sent to Azure.
     */
    record MediaView(
            String gatewayCallId,
            String transport,
            Instant startedAt,
            String assistantState,
            long framesIn,
            long framesOut,
            long silenceFrames,
            long droppedIn,
            long droppedOut,
            long lateFrames,
            double jitterMs,
            double lossPercent,
            int queueDepth,
            long bargeIns,
            long reconnects,
            long rollovers,
            long truncates,
            long bytesToAzure,
            long bytesFromAzure) {

        static MediaView of(TrackedCall call, CallStats s) {
            double loss = s.framesIn() == 0 ? 0 : 100.0 * s.droppedIn() / s.framesIn();
            return new MediaView(
                    call.callId(),
                    s.transport().name(),
                    s.startedAt(),
                    s.state(),
                    s.framesIn(),
                    s.framesOut(),
                    s.silenceFrames(),
                    s.droppedIn(),
                    s.droppedOut(),
                    s.late(),
                    Math.round(call.jitterMillis() * 100) / 100.0,
                    Math.round(loss * 100) / 100.0,
                    s.queueDepth(),
                    s.bargeIns(),
                    s.reconnects(),
                    s.rollovers(),
                    s.truncates(),
                    s.bytesToAzure(),
                    s.bytesFromAzure());
        }
    }

    record UsageView(
            long totalTokens,
            long inputTokens,
            long outputTokens,
            long inputTextTokens,
            long inputAudioTokens,
            long inputCachedTokens,
            long outputTextTokens,
            long outputAudioTokens) {
        static UsageView of(Usage u) {
            return u == null
                    ? null
                    : new UsageView(
                            u.totalTokens(),
                            u.inputTokens(),
                            u.outputTokens(),
                            u.inputTextTokens(),
                            u.inputAudioTokens(),
                            u.inputCachedTokens(),
                            u.outputTextTokens(),
                            u.outputAudioTokens());
        }
    }

    record TranscriptLine(String role, String text, Instant at, boolean interrupted) {
        static TranscriptLine of(Transcript.Entry e) {
            return new TranscriptLine(e.role().name(), e.text(), e.at(), e.interrupted());
        }
    }

    record HangupAccepted(String callId, String via) {}

    record TransferAccepted(String callId, String to) {}
}
