package dev.voicebridge.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the gateway logs while a test runs, from every logger, as Logback events: for asserting that
 * a client's mistake is logged as a refusal (INFO or WARN, no stack trace), not as a failure. Events
 * are appended by whatever thread logs them (Logback serialises appends on the appender) and read
 * by the test's thread through a copy.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The lines logged at ERROR or with a stack trace: what a client's mistake must never cause. */
    public List<String> failures() {
        return events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " [" + e.getThrowableProxy().getClassName() + "]"))
                .toList();
    }

    /** The formatted messages that {@code logger}'s class logged at {@code level}. */
    public List<String> messages(Class<?> logger, Level level) {
        return messages(logger.getName(), level);
    }

    /** The formatted messages the logger named {@code logger} logged at {@code level}. */
    public List<String> messages(String logger, Level level) {
        return events().stream()
                .filter(e -> e.getLoggerName().equals(logger) && e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
