package dev.voicebridge.gateway.websocket;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WebSocket media endpoint (Twilio Media Streams convention). {@link #toString()} never shows
 * the token.
 *
 * @param path            where media sources connect
 * @param token           the bearer token every upgrade must carry ({@code GATEWAY_MEDIA_TOKEN})
 * @param signingKey      key for per-call signed tokens ({@code GATEWAY_MEDIA_SIGNING_KEY}), accepted
 *                        besides the shared token; with neither set the endpoint refuses every connection
 * @param maxMessageBytes the largest text message accepted; a bigger one ends that stream (1009)
 * @param startTimeout    how long a new stream may take to send {@code start}
 * @param mediaTimeout    a started stream that sends no {@code media} for this long is ended, like a
 *                        SIP call whose caller sends no RTP ({@code GATEWAY_MEDIA_TIMEOUT})
 * @param outboundQueue   messages that may wait for a slow client before frames are dropped
 */
@Validated
@ConfigurationProperties("voicebridge.websocket")
public record MediaStreamProperties(
        @NotNull @Pattern(regexp = "/[A-Za-z0-9/_-]*") @DefaultValue("/media")
        String path,

        String token,
        String signingKey,

        @Min(1024) @Max(16 * 1024 * 1024) @DefaultValue("65536")
        int maxMessageBytes,

        @NotNull @DefaultValue("10s") Duration startTimeout,
        @NotNull @DefaultValue("30s") Duration mediaTimeout,
        @Min(8) @Max(10000) @DefaultValue("250") int outboundQueue) {

    public boolean tokenConfigured() {
        return token != null && !token.isBlank();
    }

    public boolean signingKeyConfigured() {
        return signingKey != null && !signingKey.isBlank();
    }

    @AssertTrue(message = "GATEWAY_MEDIA_SIGNING_KEY must be at least 32 characters") public boolean isSigningKeyLongEnough() {
        return !signingKeyConfigured() || signingKey.length() >= 32;
    }

    @Override
    public String toString() {
        return "MediaStreamProperties[path=" + path + ", token=" + (tokenConfigured() ? "(set)" : "(unset)")
                + ", signingKey=" + (signingKeyConfigured() ? "(set)" : "(unset)")
                + ", maxMessageBytes=" + maxMessageBytes + ", startTimeout=" + startTimeout + ", mediaTimeout="
                + mediaTimeout
                + ", outboundQueue=" + outboundQueue + "]";
    }
}
