package dev.voicebridge.gateway.websocket;

/**
 * A message that ends its stream: it carries the WebSocket close code and the reason sent to the
 * source. Only that one stream ends; other calls are untouched.
 */
public final class MediaStreamException extends RuntimeException {

    /** RFC 6455 close codes this endpoint uses. */
    public static final int NORMAL = 1000;

    public static final int GOING_AWAY = 1001;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    private final int closeCode;

    public MediaStreamException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    /** The close reason: at most 123 bytes of UTF-8, as RFC 6455 allows. */
    public String reason() {
        return CloseReasons.fit(getMessage());
    }
}
