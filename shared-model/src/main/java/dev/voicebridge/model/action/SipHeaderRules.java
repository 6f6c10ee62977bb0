package dev.voicebridge.model.action;

import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.Locale;
import java.util.Map;

/** DG/sip-headers.html: custom headers start with x- or are User-to-User or Diversion; X-AMZN is reserved. */
final class SipHeaderRules {

    static final int MAX_VALUE_LENGTH = 2048;
    static final int MAX_HEADERS = 20;

    private SipHeaderRules() {}

    static Map<String, String> check(String field, Map<String, String> headers) {
        Map<String, String> copy = Check.stringMap(field, headers);
        if (copy == null) {
            return null;
        }
        if (copy.size() > MAX_HEADERS) {
            throw SmaValidationException.measured(
                    field, copy.size() + " headers", "at most " + MAX_HEADERS + " headers");
        }
        copy.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean custom = lower.startsWith("x-") && lower.length() > 2;
            if (!custom && !lower.equals("user-to-user") && !lower.equals("diversion")) {
                throw new SmaValidationException(
                        field, name, "a header name starting with x-, or User-to-User, or Diversion");
            }
            if (lower.startsWith("x-amzn")) {
                throw new SmaValidationException(
                        field, name, "a header name not starting with X-AMZN (reserved by AWS)");
            }
            Check.maxLength(field + "." + name, value, MAX_VALUE_LENGTH);
        });
        return copy;
    }
}
