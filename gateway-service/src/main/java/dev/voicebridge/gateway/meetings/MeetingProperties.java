package dev.voicebridge.gateway.meetings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chime SDK meetings made through {@code POST /api/meetings}.
 *
 * @param region      GATEWAY_CHIME_MEETINGS_REGION: the Region of the chime-sdk-meetings API the
 *                    gateway calls (control plane); defaults to AWS_REGION
 * @param endpoint    GATEWAY_CHIME_MEETINGS_ENDPOINT: endpoint override for that API (tests, VPC
 *                    endpoints), like GATEWAY_CHIME_ENDPOINT for Chime SDK Voice
 * @param mediaRegion GATEWAY_MEETING_MEDIA_REGION: CreateMeeting's MediaRegion, where the meeting's
 *                    audio is hosted; pick the one nearest the callers and the console
 * @param signalingSources GATEWAY_MEETING_SIGNALING_SOURCES: the console's CSP {@code connect-src}
 *                    sources for amazon-chime-sdk-js's signaling WebSocket (the join info's
 *                    SignalingUrl); Chime's are {@code wss://signal.<cell>.app.chime.aws}, hence the
 *                    default {@code wss://*.chime.aws}. Media (ICE, TURN) is not governed by CSP.
 */
@Validated
@ConfigurationProperties("voicebridge.meetings")
public record MeetingProperties(
        @NotBlank @DefaultValue("us-east-1") String region,
        URI endpoint,

        @NotBlank @Pattern(regexp = "[a-z]{2}(-[a-z]+)+-[0-9]", message = "must be an AWS Region name such as us-east-1")
        @DefaultValue("us-east-1")
        String mediaRegion,

        @NotBlank @Pattern(
                regexp = "(wss?://[A-Za-z0-9*.\\-]+(:([0-9]+|\\*))?)( wss?://[A-Za-z0-9*.\\-]+(:([0-9]+|\\*))?)*",
                message = "must be CSP sources such as wss://*.chime.aws, separated by spaces")
        @DefaultValue("wss://*.chime.aws")
        String signalingSources) {

    public MeetingProperties {
        if (endpoint != null && endpoint.toString().isBlank()) {
            endpoint = null;
        }
    }
}
