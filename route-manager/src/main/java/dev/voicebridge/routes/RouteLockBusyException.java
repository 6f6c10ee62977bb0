package dev.voicebridge.routes;

/**
 * Another route change held the lock for longer than this invocation may wait. Thrown out of the
 * handler on purpose: the invocation fails and Lambda's asynchronous retry runs it again later.
 */
public final class RouteLockBusyException extends RuntimeException {
    public RouteLockBusyException(String message) {
        super(message);
    }
}
