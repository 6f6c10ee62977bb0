package dev.voicebridge.model.call;

/**
 * The call registry's store could not be read or written: its table is missing, access is denied, or
 * the service is unreachable. The message names the table and what the store said, for an operator
 * to act on; callers answer "try later" (HTTP 503, a safe SMA response) rather than an internal error.
 */
public final class CallRegistryUnavailableException extends RuntimeException {

    public CallRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
