package dev.voicebridge.gateway.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a logger up to DEBUG until closed, so a test sees what an operator who switches DEBUG on
 * would: a secret must stay out of those logs too. Logback levels are JVM-wide; the test's thread
 * sets and restores them.
 */
final class DebugLogs implements AutoCloseable {

    private final Logger logger;
    private final Level before;

    private DebugLogs(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
    }

    static DebugLogs on(String name) {
        return new DebugLogs(name);
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
