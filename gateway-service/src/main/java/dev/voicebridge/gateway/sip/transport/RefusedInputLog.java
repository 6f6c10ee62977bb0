package dev.voicebridge.gateway.sip.transport;

import java.net.InetAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines about SIP input the gateway refuses before JAIN-SIP parses it: sources outside the
 * allowlist. Each is one short WARN line naming the source, at most one per source and kind per
 * minute with a count of the ones held back; never the bytes themselves (a request URI carries the
 * call's token) nor a stack trace. No call exists yet, so the lines carry no call id. Safe from any
 * thread.
 */
final class RefusedInputLog {

    private static final Logger log = LoggerFactory.getLogger(RefusedInputLog.class);

    private final SourceLogLimiter limiter = new SourceLogLimiter(Duration.ofMinutes(1), 1024);

    void refusedSource(InetAddress source, String transport) {
        long held = limiter.admit("refused|" + transport + "|" + source.getHostAddress());
        if (held != SourceLogLimiter.HOLD) {
            log.warn(
                    "Refused SIP over {} from {}: not in GATEWAY_SIP_ALLOWED_CIDRS; nothing is answered{}",
                    transport,
                    source.getHostAddress(),
                    heldBack(held));
        }
    }

    private static String heldBack(long held) {
        return held > 0 ? " (and " + held + " more like it from this source in the last minute)" : "";
    }
}
