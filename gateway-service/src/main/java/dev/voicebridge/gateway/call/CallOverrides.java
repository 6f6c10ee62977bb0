package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * What one call asks of its assistant instead of the gateway-wide settings: instructions, voice and
 * an opening line, from its assistant profile and the calls API request that placed it. It travels in the call's
 * {@link CallSetup#attributes()} under keys no transport can set (SIP copies only X- headers), so a
 * caller cannot inject instructions. Immutable; read on the thread that opens the call.
 */
public record CallOverrides(String instructions, String voice, String greeting) {

    static final String INSTRUCTIONS = "voicebridge.instructions";
    static final String VOICE = "voicebridge.voice";
    static final String GREETING = "voicebridge.greeting";

    public static final CallOverrides NONE = new CallOverrides(null, null, null);

    public static CallOverrides of(CallSetup setup) {
        Map<String, String> a = setup.attributes();
        return new CallOverrides(a.get(INSTRUCTIONS), a.get(VOICE), a.get(GREETING));
    }

    /** These overrides, each unset one taken from {@code base} (a request's over its profile's). */
    public CallOverrides over(CallOverrides base) {
        return new CallOverrides(
                instructions != null ? instructions : base.instructions(),
                voice != null ? voice : base.voice(),
                greeting != null ? greeting : base.greeting());
    }

    public boolean isEmpty() {
        return instructions == null && voice == null && greeting == null;
    }

    /** {@code setup} with these overrides in its attributes (those it had are replaced). */
    public CallSetup applyTo(CallSetup setup) {
        Map<String, String> attributes = new HashMap<>(setup.attributes());
        put(attributes, INSTRUCTIONS, instructions);
        put(attributes, VOICE, voice);
        put(attributes, GREETING, greeting);
        return new CallSetup(
                setup.callId(), setup.transport(), setup.smaTransactionId(), setup.from(), setup.to(), attributes);
    }

    /**
     * The session the call asks for. A greeting becomes part of the instructions rather than a
     * scripted response, so the model says it in the call's voice and can still react to the reply.
     */
    public SessionConfig applyTo(SessionConfig config) {
        String text = instructions != null ? instructions : config.instructions();
        if (greeting != null) {
            text = text + "\n\nOpen the call by saying: \"" + greeting + "\"";
        }
        return new SessionConfig(
                text,
                voice != null ? voice : config.voice(),
                config.format(),
                config.turnDetection(),
                config.transcriptionModel(),
                config.transcriptionLanguage(),
                config.tools(),
                config.textOutput());
    }

    /** An outbound call with a greeting speaks first, whatever the gateway-wide setting says. */
    public boolean greetFirst(boolean configured) {
        return greeting != null || configured;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }
}
