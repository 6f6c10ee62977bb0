package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.rtp.RtpProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Starts real SIP endpoints on loopback with free ports, configured the way a test needs. */
final class SipTestServers {

    private SipTestServers() {}

    static SipProperties sip(Duration answerDelay, List<String> allowedCidrs, int maxDialogs) {
        return sip(answerDelay, Duration.ofSeconds(3), allowedCidrs, maxDialogs);
    }

    static SipProperties sip(Duration answerDelay, Duration readyWait, List<String> allowedCidrs, int maxDialogs) {
        return sip(answerDelay, readyWait, allowedCidrs, maxDialogs, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** With the TCP read and idle timeouts a test needs (short ones, to see them act). */
    static SipProperties sip(Duration tcpReadTimeout, Duration tcpIdleTimeout) {
        return sip(Duration.ZERO, Duration.ofSeconds(3), List.of(), 200, tcpReadTimeout, tcpIdleTimeout);
    }

    private static SipProperties sip(
            Duration answerDelay,
            Duration readyWait,
            List<String> allowedCidrs,
            int maxDialogs,
            Duration tcpReadTimeout,
            Duration tcpIdleTimeout) {
        return new SipProperties(
                true,
                0,
                "127.0.0.1",
                "",
                Set.of(SipProperties.Transport.UDP, SipProperties.Transport.TCP),
                allowedCidrs,
                16384,
                maxDialogs,
                answerDelay,
                readyWait,
                List.of(AudioFormat.Encoding.PCMU, AudioFormat.Encoding.PCMA),
                4,
                "VoiceBridge-test",
                true,
                tcpReadTimeout,
                tcpIdleTimeout);
    }

    static SipProperties sip() {
        return sip(Duration.ZERO, List.of(), 200);
    }

    static RtpProperties rtp(Duration mediaTimeout) {
        // A random block so parallel builds on one machine rarely meet; taken ports are skipped anyway.
        int base = 30000 + ThreadLocalRandom.current().nextInt(0, 90) * 300;
        return new RtpProperties(base, base + 299, mediaTimeout, 5, Duration.ofMillis(60), Duration.ofSeconds(5), 2);
    }

    static RtpProperties rtp() {
        return rtp(Duration.ofSeconds(20));
    }

    static SipServer start(SipProperties sip, RtpProperties rtp, CallSessions sessions) {
        SipServer server = new SipServer(sip, rtp, sessions);
        server.start();
        return server;
    }
}
