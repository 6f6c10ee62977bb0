package dev.voicebridge.model.error;

/**
 * A value breaks a limit that the SIP media application documents. Thrown while an action or
 * response is being constructed, so an invalid response never reaches AWS (which would answer
 * it with INVALID_LAMBDA_RESPONSE in the middle of a live call).
 */
public class SmaValidationException extends RuntimeException {

    private static final int MAX_SHOWN = 60;

    private final String field;
    private final String value;
    private final String limit;

    public SmaValidationException(String field, Object value, String limit) {
        this(field, describe(value), limit, true);
    }

    private SmaValidationException(String field, String value, String limit, boolean unused) {
        super(field + " must be " + limit + ", but was " + value);
        this.field = field;
        this.value = value;
        this.limit = limit;
    }

    /** For a value described by a measure (a count, a size) rather than shown itself: not quoted. */
    public static SmaValidationException measured(String field, String measure, String limit) {
        return new SmaValidationException(field, measure, limit, true);
    }

    /** The offending field as a path, e.g. {@code CallAndBridge.Endpoints[0].Uri}. */
    public String field() {
        return field;
    }

    /** The offending value as shown in the message (long strings are shortened). */
    public String value() {
        return value;
    }

    /** The documented limit, in words. */
    public String limit() {
        return limit;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "absent";
        }
        if (value instanceof CharSequence text) {
            String s = text.toString();
            if (s.length() > MAX_SHOWN) {
                return "\"" + s.substring(0, MAX_SHOWN) + "...\" (" + s.length() + " characters)";
            }
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
