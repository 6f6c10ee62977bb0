package dev.voicebridge.gateway.call;

/** Why a call, or one leg of it, ended. Shown in the call registry and in metrics. */
public enum EndReason {
    /** The caller (or the Chime side) hung up. */
    CALLER_HANGUP,
    /** The model called the hang_up tool. */
    ASSISTANT_HANGUP,
    /** An admin asked for it through the API. */
    ADMIN_HANGUP,
    /** Handed to a human through the transfer tool. */
    TRANSFERRED,
    /** No media from the caller for the configured timeout. */
    MEDIA_TIMEOUT,
    /** Azure could not be reached after every retry; the caller heard an apology. */
    AZURE_UNAVAILABLE,
    /** The gateway shut down and the drain timeout ran out. */
    DRAINED,
    /** The transport failed or the peer sent something we could not carry on with. */
    TRANSPORT_ERROR
}
