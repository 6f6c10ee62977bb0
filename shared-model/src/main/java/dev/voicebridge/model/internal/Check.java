package dev.voicebridge.model.internal;

import dev.voicebridge.model.error.SmaValidationException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The few checks every documented SMA limit reduces to. Each throws a
 * {@link SmaValidationException} that names the field, the value and the limit.
 * Internal: public only because actions, responses and gateway commands live in different packages.
 */
public final class Check {

    /** E.164 as the chime-sdk-voice API pattern writes it (the leading + is optional there). */
    public static final Pattern E164 = Pattern.compile("\\+?[1-9]\\d{1,14}");

    private Check() {}

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new SmaValidationException(field, null, "present");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new SmaValidationException(field, s, "a non-blank string");
        }
        return value;
    }

    public static String nonBlankIfPresent(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new SmaValidationException(field, value, "a non-blank string when present");
        }
        return value;
    }

    public static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new SmaValidationException(field, value, "at most " + max + " characters");
        }
        return value;
    }

    public static String lengthBetween(String field, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            throw new SmaValidationException(field, value, min + " to " + max + " characters long");
        }
        return value;
    }

    public static Integer between(String field, Integer value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            throw new SmaValidationException(field, value, "between " + min + " and " + max);
        }
        return value;
    }

    public static Integer positive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw new SmaValidationException(field, value, "greater than 0");
        }
        return value;
    }

    public static Integer atLeast(String field, Integer value, int min) {
        if (value != null && value < min) {
            throw new SmaValidationException(field, value, "at least " + min);
        }
        return value;
    }

    public static String matches(String field, String value, Pattern pattern, String description) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new SmaValidationException(field, value, description);
        }
        return value;
    }

    public static String regex(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            Pattern.compile(value);
            return value;
        } catch (PatternSyntaxException e) {
            throw new SmaValidationException(field, value, "a valid regular expression (" + e.getDescription() + ")");
        }
    }

    public static String e164(String field, String value) {
        return matches(field, value, E164, "an E.164 phone number (" + E164.pattern() + ")");
    }

    public static <T> List<T> listOf(String field, List<T> value, int min, int max) {
        if (value == null) {
            return null;
        }
        if (value.size() < min || value.size() > max) {
            String limit = max == Integer.MAX_VALUE ? "at least " + min + " entries" : min + " to " + max + " entries";
            throw SmaValidationException.measured(field, value.size() + " entries", limit);
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new SmaValidationException(field + "[" + i + "]", null, "present");
            }
        }
        return List.copyOf(value);
    }

    /** Each single-character entry must be one of {@code allowed}, e.g. "0123456789#*". */
    public static List<String> keys(String field, List<String> value, String allowed, int max) {
        List<String> copy = listOf(field, value, 0, max);
        if (copy == null) {
            return null;
        }
        for (int i = 0; i < copy.size(); i++) {
            String key = copy.get(i);
            if (key.length() != 1 || allowed.indexOf(key.charAt(0)) < 0) {
                throw new SmaValidationException(field + "[" + i + "]", key, "one of the characters " + allowed);
            }
        }
        return copy;
    }

    public static Map<String, String> stringMap(String field, Map<String, String> value) {
        if (value == null) {
            return null;
        }
        value.forEach((k, v) -> {
            if (k == null || k.isEmpty()) {
                throw new SmaValidationException(field, "an empty key", "a map with non-empty keys");
            }
            if (v == null) {
                throw new SmaValidationException(field + "." + k, null, "present (null values are not allowed)");
            }
        });
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
    }
}
