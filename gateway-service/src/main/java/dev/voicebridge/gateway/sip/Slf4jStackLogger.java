package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.logging.LogThrottle;
import dev.voicebridge.gateway.sip.sdp.CryptoAttribute;
import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's logging, sent to SLF4J under {@code dev.voicebridge.gateway.sip.jainsip}. The stack logs
 * a line per message at INFO ("serving msg on call id ..."), which is debug material for an operator,
 * so INFO is demoted to DEBUG; and it warns at start-up that TLS is unconfigured, which is expected
 * while the gateway does not listen on TLS, so those warnings are demoted too.
 *
 * <p>The stack's warnings and errors often quote the message or packet they are about, which can
 * carry the call's token, and come with stack traces; hostile input can make it write them in a
 * flood. So at WARN and ERROR only the first line is written, cut short, with the exception's class
 * and message instead of its stack trace, at most once a minute per kind of line; the full text and
 * trace go to DEBUG. The stack's complaints about malformed messages go to DEBUG only: the transport
 * guard has already logged those briefly, with their source. Called from every stack thread.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger log = LoggerFactory.getLogger("dev.voicebridge.gateway.sip.jainsip");
    private static final int MAX_LINE = 160;

    /** Lines about a malformed message that quote it after this prefix; reported by the transport guard. */
    private static final List<String> MALFORMED_INPUT =
            List.of("bad message", ">>> Dropped Bad Msg", "Malformed mandatory headers", "Rejecting message");

    /** Lines that quote the packet or message after this prefix. */
    private static final List<String> QUOTING =
            List.of("Error while processing incoming UDP packet", "Error occured processing message");

    private final LogThrottle limiter = new LogThrottle(Duration.ofMinutes(1), 256);

    public Slf4jStackLogger() {
        // created by JAIN-SIP through reflection (gov.nist.javax.sip.STACK_LOGGER)
    }

    @Override
    public void logStackTrace() {
        // the stack calls this to show where it is; nothing an operator needs
    }

    @Override
    public void logStackTrace(int traceLevel) {
        // as above
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        warnBriefly("SIP stack exception", ex, false);
    }

    @Override
    public void logDebug(String message) {
        log.debug(safe(message));
    }

    @Override
    public void logDebug(String message, Exception ex) {
        log.debug(safe(message), ex);
    }

    @Override
    public void logTrace(String message) {
        log.trace(safe(message));
    }

    @Override
    public void logFatalError(String message) {
        warnBriefly(message, null, true);
    }

    @Override
    public void logError(String message) {
        warnBriefly(message, null, true);
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (level <= LogLevels.TRACE_ERROR) {
            return log.isErrorEnabled();
        }
        if (level <= LogLevels.TRACE_WARN) {
            return log.isWarnEnabled();
        }
        if (level <= LogLevels.TRACE_DEBUG) {
            return log.isDebugEnabled();
        }
        return log.isTraceEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        warnBriefly(message, ex, true);
    }

    @Override
    public void logWarning(String message) {
        String m = message == null ? "" : safe(message);
        if (m.contains("TLS") || m.contains("tls") || m.contains("keystore") || m.contains("truststore")) {
            log.debug(m);
        } else {
            warnBriefly(m, null, false);
        }
    }

    /** See the class comment: one short line at WARN or ERROR, rate-limited; everything at DEBUG. */
    private void warnBriefly(String message, Throwable ex, boolean error) {
        String m = message == null ? "" : safe(message);
        log.debug(m, ex);
        if (MALFORMED_INPUT.stream().anyMatch(m::startsWith)) {
            return;
        }
        String line = QUOTING.stream().filter(m::startsWith).findFirst().orElse(m);
        line = shorten(line);
        long held = limiter.admit(line.length() > 40 ? line.substring(0, 40) : line);
        if (held == LogThrottle.HOLD) {
            return;
        }
        String cause = ex == null ? "" : ": " + shorten(ex.toString());
        String more = held > 0 ? " (and " + held + " more like it in the last minute)" : "";
        if (error) {
            log.error("{}{}{}", line, cause, more);
        } else {
            log.warn("{}{}{}", line, cause, more);
        }
    }

    /**
     * {@code message} with SDES keys masked and packet byte dumps elided: the stack quotes whole
     * messages (a bad message's text, a UDP packet as decimal bytes), and an SDP body can hold an
     * SDES master key, which must not reach even a DEBUG log.
     */
    static String safe(String message) {
        if (message == null) {
            return null;
        }
        return elideByteDumps(CryptoAttribute.redact(message));
    }

    /**
     * Replaces each Arrays.toString of bytes ("[12, -3, ...]", 16 or more) with a marker: a key in
     * it would be readable as decimal bytes. A linear scan, as a regular expression over a 60 KB
     * dump overflows the stack.
     */
    private static String elideByteDumps(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int open = text.indexOf('['); open >= 0; open = text.indexOf('[', open + 1)) {
            int commas = 0;
            int i = open + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ',') {
                    commas++;
                } else if (!(c == ' ' || c == '-' || (c >= '0' && c <= '9'))) {
                    break;
                }
                i++;
            }
            if (i < text.length() && text.charAt(i) == ']' && commas >= 15) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, open).append("[packet bytes elided]");
                copied = i + 1;
                open = i;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static String shorten(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return first.length() > MAX_LINE ? first.substring(0, MAX_LINE) + "..." : first.strip();
    }

    @Override
    public void logInfo(String message) {
        log.debug(safe(message));
    }

    @Override
    public void disableLogging() {
        // levels are Logback's business
    }

    @Override
    public void enableLogging() {
        // levels are Logback's business
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to read: levels come from the application's logging configuration
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
