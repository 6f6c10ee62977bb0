package dev.voicebridge.model.error;

/**
 * An SMA event (or response) could not be read at all. The message names what was wrong; the
 * Lambda answers such an event with a safe response instead of failing the invocation.
 */
public class SmaParseException extends RuntimeException {

    public SmaParseException(String message) {
        super(message);
    }

    public SmaParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
