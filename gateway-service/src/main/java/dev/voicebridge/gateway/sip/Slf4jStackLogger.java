package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.sip.sdp.CryptoAttribute;
import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's logging, sent to SLF4J under {@code dev.voicebridge.gateway.sip.jainsip}. The stack logs
 * a line per message at INFO ("serving msg on call id ..."), which is debug material for an operator,
 * so INFO is demoted to DEBUG; and it warns at start-up that TLS is unconfigured, which is expected
 * while the gateway does not listen on TLS, so those warnings are demoted too.
 *
 * <p>The stack quotes whole messages when it logs (a bad message's text, a UDP packet as decimal
 * bytes), and an SDP body can hold an SDES master key. Every message is therefore {@link #safe
 * made safe} first: inline keys are masked and byte dumps elided. Called on JAIN-SIP's threads;
 * stateless.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger log = LoggerFactory.getLogger("dev.voicebridge.gateway.sip.jainsip");

    /** Arrays.toString of a packet: a key in it would be readable as decimal bytes. */
    private static final Pattern BYTE_DUMP = Pattern.compile("\\[-?\\d{1,3}(?:, -?\\d{1,3}){15,}]");

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
        log.warn("SIP stack exception", ex);
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
        log.error(safe(message));
    }

    @Override
    public void logError(String message) {
        log.error(safe(message));
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
        log.error(safe(message), ex);
    }

    @Override
    public void logWarning(String message) {
        String m = message == null ? "" : safe(message);
        if (m.contains("TLS") || m.contains("tls") || m.contains("keystore") || m.contains("truststore")) {
            log.debug(m);
        } else {
            log.warn(m);
        }
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

    /** {@code message} with SDES keys masked and packet byte dumps elided. */
    static String safe(String message) {
        if (message == null) {
            return null;
        }
        String masked = CryptoAttribute.redact(message);
        return BYTE_DUMP.matcher(masked).find()
                ? BYTE_DUMP.matcher(masked).replaceAll("[packet bytes elided]")
                : masked;
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
