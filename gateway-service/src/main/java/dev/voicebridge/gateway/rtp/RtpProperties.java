package dev.voicebridge.gateway.rtp;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * RTP media of SIP calls ({@code voicebridge.rtp.*}; environment variables in application.yml).
 *
 * @param portMin           first UDP port of the RTP range (even ports carry RTP, the next odd one RTCP)
 * @param portMax           last UDP port of the range; the range must hold at least one pair
 * @param mediaTimeout      a call whose caller sends no RTP for this long is hung up
 * @param jitterPackets     how many out-of-order packets the jitter buffer holds before declaring
 *                          the missing ones lost
 * @param jitterDelay       how long a packet may wait for a missing predecessor
 * @param rtcpInterval      how often a sender report goes to the caller
 * @param ioThreads         event-loop threads for all RTP sockets
 */
@Validated
@ConfigurationProperties("voicebridge.rtp")
public record RtpProperties(
        @DefaultValue("20000") @Min(1024) @Max(65534) int portMin,
        @DefaultValue("29999") @Min(1025) @Max(65535) int portMax,
        @DefaultValue("30s") @NotNull Duration mediaTimeout,
        @DefaultValue("5") @Min(1) @Max(50) int jitterPackets,
        @DefaultValue("60ms") @NotNull Duration jitterDelay,
        @DefaultValue("5s") @NotNull Duration rtcpInterval,
        @DefaultValue("2") @Min(1) @Max(64) int ioThreads) {

    public RtpProperties {
        if (mediaTimeout == null) {
            mediaTimeout = Duration.ofSeconds(30);
        }
        if (jitterDelay == null) {
            jitterDelay = Duration.ofMillis(60);
        }
        if (rtcpInterval == null) {
            rtcpInterval = Duration.ofSeconds(5);
        }
    }

    @AssertTrue(message = "voicebridge.rtp.port-min must be below port-max with room for one RTP/RTCP pair") public boolean isRangeValid() {
        return portMax - portMin >= 1;
    }

    @AssertTrue(
            message =
                    "voicebridge.rtp.media-timeout must be at least 1s, jitter-delay 1ms..1s, rtcp-interval at least 1s")
    public boolean isDurationsValid() {
        return mediaTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                && !jitterDelay.isNegative()
                && !jitterDelay.isZero()
                && jitterDelay.compareTo(Duration.ofSeconds(1)) <= 0
                && rtcpInterval.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    /** How many calls the range can carry at once. */
    public int pairCapacity() {
        int firstEven = portMin + (portMin & 1);
        return Math.max(0, (portMax - firstEven + 1) / 2);
    }
}
