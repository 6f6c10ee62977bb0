package dev.voicebridge.bench.wire;

import java.nio.charset.StandardCharsets;

/**
 * Just enough JSON reading, on the raw bytes of a message, for instruments that look at every event
 * on a socket: whether a field holds a given string, and where a string field's value lies. Only
 * for values that need no unescaping (event types, base64), which is all the tap and the callers
 * read; a message that does not match is passed over, never misread.
 */
public final class JsonBytes {

    private JsonBytes() {}

    /** {@code "name":"}, the prefix every lookup searches for. */
    public static byte[] key(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the first {@code key} field of {@code json[0, length)} has exactly this string value. */
    public static boolean fieldIs(byte[] json, int length, byte[] key, byte[] value) {
        int at = indexOf(json, length, key, 0);
        if (at < 0) {
            return false;
        }
        int start = at + key.length;
        if (start + value.length >= length || json[start + value.length] != '"') {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (json[start + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** Start of the first {@code key} field's string value, or -1; its end is {@link #stringEnd}. */
    public static int valueStart(byte[] json, int length, byte[] key) {
        int at = indexOf(json, length, key, 0);
        return at < 0 ? -1 : at + key.length;
    }

    /** The closing quote of a string value that starts at {@code start} (no escapes expected). */
    public static int stringEnd(byte[] json, int length, int start) {
        int end = start;
        while (end < length && json[end] != '"') {
            end++;
        }
        return end;
    }

    public static int indexOf(byte[] hay, int length, byte[] needle, int from) {
        byte first = needle[0];
        int last = length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
