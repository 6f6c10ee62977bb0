package dev.voicebridge.gateway.sip.transport;

import dev.voicebridge.gateway.logging.LogThrottle;
import java.net.InetAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines about SIP input the gateway refuses before JAIN-SIP parses it: sources outside the
 * allowlist, malformed messages and TCP connections closed for their pace. Each is one short WARN
 * line naming the source, at most one per source and kind per minute with a count of the ones held
 * back; never the bytes themselves (a request URI carries the call's token) nor a stack trace. No call
 * exists yet, so the lines carry no call id. Safe from any thread.
 */
final class RefusedInputLog {

    private static final Logger log = LoggerFactory.getLogger(RefusedInputLog.class);

    private final LogThrottle limiter = new LogThrottle(Duration.ofMinutes(1), 1024);

    void refusedSource(InetAddress source, String transport) {
        long held = limiter.admit("refused|" + transport + "|" + source.getHostAddress());
        if (held != LogThrottle.HOLD) {
            log.warn(
                    "Refused SIP over {} from {}: not in GATEWAY_SIP_ALLOWED_CIDRS; nothing is answered{}",
                    transport,
                    source.getHostAddress(),
                    heldBack(held));
        }
    }

    void malformed(InetAddress source, String transport, long bytes, String fault) {
        long held = limiter.admit("malformed|" + transport + "|" + source.getHostAddress());
        if (held != LogThrottle.HOLD) {
            log.warn(
                    "Dropped malformed SIP over {} from {} ({} bytes): {}{}",
                    transport,
                    source.getHostAddress(),
                    bytes,
                    fault,
                    heldBack(held));
        }
    }

    /**
     * A connection closed because a request (or a TLS handshake) took too long to arrive: a broken or
     * hostile peer.
     */
    void slowRequest(InetAddress source, String transport, long bytes, Duration readTimeout) {
        long held = limiter.admit("slow|" + source.getHostAddress());
        if (held != LogThrottle.HOLD) {
            log.warn(
                    "Closed SIP {} connection from {}: a {} still incomplete ({} bytes) after {} ms"
                            + " (GATEWAY_SIP_TCP_READ_TIMEOUT){}",
                    transport,
                    source.getHostAddress(),
                    "TLS".equals(transport) && bytes == 0 ? "handshake or request" : "request",
                    bytes,
                    readTimeout.toMillis(),
                    heldBack(held));
        }
    }

    /**
     * A TLS peer's bytes did not decrypt. In the handshake this is usually a configuration mismatch
     * someone must fix (an old TLS version, no common cipher suite, a certificate refused), so it is a
     * WARN with the TLS engine's reason, which names no key material.
     */
    void tlsRefused(InetAddress source, boolean afterHandshake, String reason) {
        long held = limiter.admit("tls|" + source.getHostAddress());
        if (held != LogThrottle.HOLD) {
            log.warn(
                    "Refused SIP over TLS from {}: {} failed: {}{}",
                    source.getHostAddress(),
                    afterHandshake ? "a TLS record" : "the TLS handshake",
                    reason,
                    heldBack(held));
        }
    }

    /** A connection closed for idling: routine housekeeping, so only at DEBUG. */
    void idle(InetAddress source, String transport, Duration idleTimeout) {
        log.debug(
                "Closed SIP {} connection from {}: nothing received for {} ms (GATEWAY_SIP_TCP_IDLE_TIMEOUT)",
                transport,
                source.getHostAddress(),
                idleTimeout.toMillis());
    }

    private static String heldBack(long held) {
        return held > 0 ? " (and " + held + " more like it from this source in the last minute)" : "";
    }
}
