package dev.voicebridge.gateway.json;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/** Streaming parsers for the per-frame paths, and a look at their string values without Strings. */
public final class JsonText {

    /**
     * Jackson's defaults (the same syntax rules as the tree mappers), except that its buffers are
     * recycled per thread: the callers are a few fixed threads, and the default shared pool costs
     * a contended deque operation per message.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private JsonText() {}

    /** A streaming parser over one message. */
    public static JsonParser parser(String text) {
        return FACTORY.createParser(ObjectReadContext.empty(), text);
    }

    /** Whether the current string value is exactly {@code expected}. */
    public static boolean is(JsonParser parser, String expected) {
        int length = parser.getStringLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The current string value as a non-negative number when it is 1-18 plain ASCII digits (how
     * Twilio sends numbers), else -1: the caller then reads it the slow way.
     */
    public static long digits(JsonParser parser) {
        int length = parser.getStringLength();
        if (length == 0 || length > 18) {
            return -1;
        }
        char[] chars = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
