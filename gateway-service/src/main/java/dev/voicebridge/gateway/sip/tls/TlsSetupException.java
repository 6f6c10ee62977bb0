package dev.voicebridge.gateway.sip.tls;

/**
 * SIP over TLS cannot start: the message names the setting, the file and why, and never holds a
 * password or key material, since it is logged and shown by Spring on a failed start-up.
 */
public final class TlsSetupException extends IllegalStateException {

    TlsSetupException(String message) {
        super(message);
    }
}
