package dev.voicebridge.simulator;

/**
 * An error the simulator answers with an {@code error} event, shaped like Azure's:
 * {@code {type, code, message, param, event_id}}. Thrown while handling a client event; the
 * session stays open, as it does on Azure for almost every error.
 */
final class RealtimeError extends RuntimeException {

    final String type;
    final String code;
    final String param;

    RealtimeError(String code, String message, String param) {
        this("invalid_request_error", code, message, param);
    }

    RealtimeError(String type, String code, String message, String param) {
        super(message, null, false, false);
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static RealtimeError unknownParameter(String param) {
        return new RealtimeError("unknown_parameter", "Unknown parameter: '" + param + "'.", param);
    }

    static RealtimeError missingParameter(String param) {
        return new RealtimeError("missing_required_parameter", "Missing required parameter: '" + param + "'.", param);
    }

    static RealtimeError invalidValue(String param, String message) {
        return new RealtimeError("invalid_value", message, param);
    }
}
