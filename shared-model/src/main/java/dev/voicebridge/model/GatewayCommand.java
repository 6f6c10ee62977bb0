package dev.voicebridge.model;

import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway asks the SMA Lambda to do on a live call. It travels as the string map
 * {@code Arguments} of UpdateSipMediaApplicationCall (at most 20 entries) and arrives as a
 * CALL_UPDATE_REQUESTED event; the Lambda turns it into SMA actions.
 *
 * <p>Wire form: {@code command} = hangup | transfer | speak | play | send_digits, plus the
 * command's own keys.
 */
public sealed interface GatewayCommand {

    String COMMAND = "command";
    int MAX_ARGUMENTS = 20;

    /** The {@code command} value on the wire. */
    String name();

    /** The UpdateSipMediaApplicationCall Arguments for this command. */
    Map<String, String> toArguments();

    /** Reads Arguments back; an unknown or incomplete command is an {@link SmaValidationException}. */
    static GatewayCommand fromArguments(Map<String, String> arguments) {
        if (arguments == null) {
            throw new SmaValidationException("Arguments", null, "a map with a \"command\" key");
        }
        if (arguments.size() > MAX_ARGUMENTS) {
            throw SmaValidationException.measured(
                    "Arguments", arguments.size() + " entries", "at most " + MAX_ARGUMENTS + " entries");
        }
        String command = arguments.get(COMMAND);
        if (command == null) {
            throw new SmaValidationException(
                    "Arguments.command",
                    null,
                    "one of " + Hangup.NAME + ", " + Transfer.NAME + ", " + Speak.NAME + ", " + Play.NAME + ", "
                            + SendDigits.NAME);
        }
        return switch (command) {
            case Hangup.NAME -> new Hangup(integer("sipResponseCode", arguments.get("sipResponseCode")));
            case Transfer.NAME -> new Transfer(arguments.get("to"));
            case Speak.NAME ->
                new Speak(
                        arguments.get("text"),
                        arguments.get("voiceId"),
                        arguments.get("languageCode"),
                        textType(arguments.get("textType")));
            case Play.NAME -> new Play(arguments.get("bucket"), arguments.get("key"));
            case SendDigits.NAME -> new SendDigits(arguments.get("digits"));
            default ->
                throw new SmaValidationException(
                        "Arguments.command",
                        command,
                        "one of " + Hangup.NAME + ", " + Transfer.NAME + ", " + Speak.NAME + ", " + Play.NAME + ", "
                                + SendDigits.NAME);
        };
    }

    /** Hang up the call; sipResponseCode 0, 480 or 486 (null = normal clearing). */
    record Hangup(Integer sipResponseCode) implements GatewayCommand {
        public static final String NAME = "hangup";

        public Hangup {
            if (sipResponseCode != null
                    && !dev.voicebridge.model.action.Hangup.SIP_RESPONSE_CODES.contains(sipResponseCode)) {
                throw new SmaValidationException("Arguments.sipResponseCode", sipResponseCode, "one of 0, 480, 486");
            }
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, String> toArguments() {
            Map<String, String> args = base(NAME);
            put(args, "sipResponseCode", sipResponseCode == null ? null : sipResponseCode.toString());
            return Map.copyOf(args);
        }
    }

    /** Move the caller to a phone number (E.164), leaving the AI. */
    record Transfer(String to) implements GatewayCommand {
        public static final String NAME = "transfer";

        public Transfer {
            Check.required("Arguments.to", to);
            Check.e164("Arguments.to", to);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, String> toArguments() {
            Map<String, String> args = base(NAME);
            args.put("to", to);
            return Map.copyOf(args);
        }
    }

    /** Say something with Polly on the caller's leg (e.g. while the AI link is down). */
    record Speak(String text, String voiceId, String languageCode, boolean ssml) implements GatewayCommand {
        public static final String NAME = "speak";

        public Speak {
            Check.required("Arguments.text", text);
            Check.maxLength("Arguments.text", text, 1000);
        }

        public static Speak text(String text) {
            return new Speak(text, null, null, false);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, String> toArguments() {
            Map<String, String> args = base(NAME);
            args.put("text", text);
            put(args, "voiceId", voiceId);
            put(args, "languageCode", languageCode);
            args.put("textType", ssml ? "ssml" : "text");
            return Map.copyOf(args);
        }
    }

    /** Play a WAV from S3 on the caller's leg. */
    record Play(String bucket, String key) implements GatewayCommand {
        public static final String NAME = "play";

        public Play {
            Check.required("Arguments.bucket", bucket);
            Check.required("Arguments.key", key);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, String> toArguments() {
            Map<String, String> args = base(NAME);
            args.put("bucket", bucket);
            args.put("key", key);
            return Map.copyOf(args);
        }
    }

    /** Send DTMF on the bridged leg (0-9 * # A-D and , for a pause; at most 50). */
    record SendDigits(String digits) implements GatewayCommand {
        public static final String NAME = "send_digits";

        public SendDigits {
            Check.required("Arguments.digits", digits);
            Check.matches(
                    "Arguments.digits",
                    digits,
                    dev.voicebridge.model.action.SendDigits.DIGITS,
                    "1 to 50 characters from 0-9 * # A B C D and ,");
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, String> toArguments() {
            Map<String, String> args = base(NAME);
            args.put("digits", digits);
            return Map.copyOf(args);
        }
    }

    private static Map<String, String> base(String name) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put(COMMAND, name);
        return args;
    }

    private static void put(Map<String, String> args, String key, String value) {
        if (value != null) {
            args.put(key, value);
        }
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new SmaValidationException("Arguments." + field, value, "a whole number");
        }
    }

    private static boolean textType(String value) {
        if (value == null || value.equals("text")) {
            return false;
        }
        if (value.equals("ssml")) {
            return true;
        }
        throw new SmaValidationException("Arguments.textType", value, "text or ssml");
    }
}
