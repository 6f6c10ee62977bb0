package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.protocol.Usage;
import java.time.Instant;

/**
 * A snapshot of one call's media and conversation counters, for the admin API and metrics.
 *
 * @param framesIn            caller frames the leg delivered
 * @param framesOut           assistant frames handed to the leg by the media clock
 * @param silenceFrames       clock ticks with nothing to play (comfort silence)
 * @param droppedIn           caller frames not delivered to Azure (no live session, socket backed up)
 * @param droppedOut          assistant frames dropped because the playout queue was full
 * @param late                frames handed to the leg on a tick that ran a frame or more late
 * @param callerJitterMs      interarrival jitter of the caller's 20 ms frames as the call receives
 *                            them (RFC 3550 estimator), in milliseconds
 * @param queueDepth          assistant frames waiting for the clock now
 * @param bargeIns            times the caller interrupted audible assistant speech
 * @param discardedAfterBargeIn assistant audio deltas of an interrupted response thrown away
 * @param reconnects          fresh Realtime sessions after a drop, expiry or stall
 * @param rollovers           planned session replacements before the session cap
 * @param truncates           conversation.item.truncate messages sent
 * @param bytesToAzure        caller audio bytes sent to Azure (in Azure's format)
 * @param bytesFromAzure      assistant audio bytes received from Azure (in Azure's format)
 */
public record CallStats(
        String callId,
        CallSetup.Transport transport,
        Instant startedAt,
        String state,
        long framesIn,
        long framesOut,
        long silenceFrames,
        long droppedIn,
        long droppedOut,
        long late,
        double callerJitterMs,
        int queueDepth,
        long bargeIns,
        long discardedAfterBargeIn,
        long reconnects,
        long rollovers,
        long truncates,
        long bytesToAzure,
        long bytesFromAzure,
        Usage usage) {}
