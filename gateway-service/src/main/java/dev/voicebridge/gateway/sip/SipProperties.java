package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.audio.AudioFormat;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SIP user agent that answers calls from a Chime Voice Connector ({@code voicebridge.sip.*};
 * environment variables in application.yml).
 *
 * @param enabled         whether the gateway listens for SIP at all
 * @param port            UDP and TCP port; 0 picks a free one at start-up (tests)
 * @param bindAddress     local address to listen on
 * @param publicAddress   address advertised in SDP and Contact (the NAT's public IP); empty = the bind
 *                        address, or this host's address when binding to all interfaces
 * @param transports      UDP, TCP and/or TLS (a Voice Connector origination route names one; TLS
 *                        listens on {@code voicebridge.sip.tls.port})
 * @param allowedCidrs    sources allowed to send SIP and whose media addresses SDP may name; empty =
 *                        everyone (warned at start-up)
 * @param maxMessageBytes larger requests get 513 (UDP) or are cut off (TCP)
 * @param maxDialogs      concurrent calls this endpoint takes before answering 503
 * @param answerDelay     how long the call rings (180) before the 200 OK, at least
 * @param readyWait       how long the call may ring while its assistant is set up, so the 200 OK
 *                        comes when there is an assistant to hear; past it the call is answered
 *                        anyway (the caller's audio is kept meanwhile). Zero answers at once
 * @param codecs          G.711 laws in order of preference
 * @param threads         SIP stack worker threads
 * @param userAgent       the User-Agent/Server header
 * @param requireSrtp     on SIP over TLS, refuse plain RTP/AVP offers with 488 instead of accepting
 *                        unencrypted media; SRTP (SDES) is never accepted over UDP or TCP, where
 *                        its keys would cross in clear
 * @param tcpReadTimeout  a request over TCP must arrive whole within this time of its first byte, else
 *                        the connection is closed (slow or stalled senders)
 * @param tcpIdleTimeout  a TCP connection with nothing received for this long is closed; calls on it
 *                        go on, and the next message opens a new connection (RFC 3261 18)
 */
@Validated
@ConfigurationProperties("voicebridge.sip")
public record SipProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5060") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") @NotNull String bindAddress,
        @DefaultValue("") String publicAddress,
        @DefaultValue({"UDP", "TCP"}) @NotEmpty Set<Transport> transports,
        @DefaultValue("") List<String> allowedCidrs,
        @DefaultValue("16384") @Min(1024) @Max(65000) int maxMessageBytes,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxDialogs,
        @DefaultValue("0ms") @NotNull Duration answerDelay,
        @DefaultValue("3s") @NotNull Duration readyWait,
        @DefaultValue({"PCMU", "PCMA"}) @NotEmpty List<AudioFormat.Encoding> codecs,
        @DefaultValue("8") @Min(1) @Max(256) int threads,
        @DefaultValue("VoiceBridge") @NotNull String userAgent,
        @DefaultValue("true") boolean requireSrtp,
        @DefaultValue("10s") @NotNull Duration tcpReadTimeout,
        @DefaultValue("60s") @NotNull Duration tcpIdleTimeout) {

    public enum Transport {
        UDP,
        TCP,
        /** SIP over TLS on its own port ({@code voicebridge.sip.tls.*}), what an encrypted Voice Connector uses. */
        TLS
    }

    public SipProperties {
        publicAddress = publicAddress == null ? "" : publicAddress.strip();
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    @AssertTrue(message = "voicebridge.sip.allowed-cidrs must be IPv4/IPv6 CIDR blocks such as 3.80.16.0/23") public boolean isAllowedCidrsValid() {
        try {
            CidrAllowlist.of(allowedCidrs);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(message = "voicebridge.sip.codecs may only list PCMU and PCMA") public boolean isCodecsValid() {
        return codecs == null || !codecs.contains(AudioFormat.Encoding.L16);
    }

    @AssertTrue(message = "voicebridge.sip.tcp-read-timeout must be between 100ms and 60s") public boolean isTcpReadTimeoutValid() {
        return tcpReadTimeout == null
                || (tcpReadTimeout.compareTo(Duration.ofMillis(100)) >= 0
                        && tcpReadTimeout.compareTo(Duration.ofSeconds(60)) <= 0);
    }

    @AssertTrue(
            message =
                    "voicebridge.sip.tcp-idle-timeout must be between 1s and 1h, and no shorter than tcp-read-timeout")
    public boolean isTcpIdleTimeoutValid() {
        return tcpIdleTimeout == null
                || (tcpIdleTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && tcpIdleTimeout.compareTo(Duration.ofHours(1)) <= 0
                        && (tcpReadTimeout == null || tcpIdleTimeout.compareTo(tcpReadTimeout) >= 0));
    }

    @AssertTrue(message = "voicebridge.sip.answer-delay must be between 0 and 30s") public boolean isAnswerDelayValid() {
        return answerDelay == null || (!answerDelay.isNegative() && answerDelay.compareTo(Duration.ofSeconds(30)) <= 0);
    }

    @AssertTrue(message = "voicebridge.sip.ready-wait must be between 0 and 30s") public boolean isReadyWaitValid() {
        return readyWait == null || (!readyWait.isNegative() && readyWait.compareTo(Duration.ofSeconds(30)) <= 0);
    }
}
