package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Call admission and the media path.
 *
 * @param maxCalls          concurrent calls admitted; the next one is refused (SIP 503)
 * @param playoutQueueMs    the most model audio one call holds ahead of the media clock; Azure
 *                          generates faster than real time and has no flow control, so this bounds
 *                          memory, not latency (barge-in flushes it in one step)
 * @param appendMs          caller audio batched into one input_audio_buffer.append (20 = every frame)
 * @param callerBufferMs    the most caller audio kept while no assistant session is live (set-up,
 *                          reconnect, outage) and sent in order once one is; past it the oldest
 *                          frames are dropped and counted as lost
 * @param drainHangupTimeoutMs the longest a call waits for queued audio (a goodbye, the apology)
 *                          to play before hanging up
 */
@Validated
@ConfigurationProperties("voicebridge.call")
public record CallProperties(
        @Min(1) @Max(100000) @DefaultValue("200") int maxCalls,
        @Min(200) @Max(600000) @DefaultValue("60000") int playoutQueueMs,
        @Min(20) @Max(1000) @DefaultValue("40") int appendMs,
        @Min(200) @Max(120000) @DefaultValue("30000") int callerBufferMs,
        @Min(0) @Max(60000) @DefaultValue("15000") int drainHangupTimeoutMs) {

    public int playoutQueueFrames() {
        return playoutQueueMs / AudioFormat.FRAME_MILLIS;
    }

    public int appendFrames() {
        return Math.max(1, appendMs / AudioFormat.FRAME_MILLIS);
    }
}
