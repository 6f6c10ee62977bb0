package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One named assistant profile of GATEWAY_PROFILES_FILE, already validated: every field is optional,
 * and an unset one keeps the gateway-wide (environment) setting. Immutable.
 *
 * @param prompt                instructions, voice, greeting
 * @param transcriptionModel    the caller's speech-to-text model (GA audio.input.transcription.model)
 * @param transcriptionLanguage ISO-639-1 language of the caller (audio.input.transcription.language)
 * @param vad                   turn detection fields set by the profile, over the environment's
 * @param tools                 built-in tools switched on (true) or off (false) by name
 * @param transferNumber        transfer_to_human's default number
 * @param transferAllowed       the only numbers transfer_to_human may dial; unset = the transfer number
 * @param recording             record the call (stereo WAV); unset = off
 * @param numbers               dialled numbers (E.164) whose inbound calls get this profile
 */
public record AssistantProfile(
        String name,
        CallOverrides prompt,
        String transcriptionModel,
        String transcriptionLanguage,
        Vad vad,
        Map<String, Boolean> tools,
        String transferNumber,
        List<String> transferAllowed,
        Boolean recording,
        List<String> numbers) {

    /** Attribute keys of the settings a call carries in its {@link CallSetup}; no transport sets them. */
    static final String PROFILE = "voicebridge.profile";

    static final String TOOLS = "voicebridge.tools";
    static final String TRANSFER_NUMBER = "voicebridge.transferNumber";
    static final String TRANSFER_ALLOWED = "voicebridge.transferAllowed";
    static final String RECORDING = "voicebridge.recording";

    /**
     * Turn detection set by a profile; a null field keeps the environment's.
     *
     * @param eagerness semantic_vad only: low, medium, high or auto
     */
    public record Vad(
            TurnDetection.Type type,
            Double threshold,
            Integer prefixPaddingMs,
            Integer silenceDurationMs,
            String eagerness) {

        TurnDetection over(TurnDetection base) {
            return new TurnDetection(
                    type != null ? type : base.type(),
                    threshold != null ? threshold : base.threshold(),
                    prefixPaddingMs != null ? prefixPaddingMs : base.prefixPaddingMs(),
                    silenceDurationMs != null ? silenceDurationMs : base.silenceDurationMs(),
                    eagerness != null ? eagerness : base.eagerness(),
                    base.createResponse(),
                    base.interruptResponse());
        }
    }

    public AssistantProfile {
        prompt = prompt == null ? CallOverrides.NONE : prompt;
        tools = tools == null ? Map.of() : Map.copyOf(tools);
        transferAllowed = transferAllowed == null ? null : List.copyOf(transferAllowed);
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
    }

    /** A profile of instructions, voice and greeting only (tests, older files). */
    public static AssistantProfile of(String name, CallOverrides prompt) {
        return new AssistantProfile(name, prompt, null, null, null, null, null, null, null, null);
    }

    /**
     * {@code setup} with this profile's name and call-level settings (tools, transfer, recording) in its
     * attributes, replacing any it had; its prompt goes through {@link CallOverrides}.
     */
    public CallSetup applyTo(CallSetup setup) {
        Map<String, String> a = new HashMap<>(setup.attributes());
        a.put(PROFILE, name);
        put(
                a,
                TOOLS,
                tools.isEmpty()
                        ? null
                        : tools.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .sorted()
                                .collect(Collectors.joining(",")));
        put(a, TRANSFER_NUMBER, transferNumber);
        List<String> allowed =
                transferAllowed != null ? transferAllowed : transferNumber != null ? List.of(transferNumber) : null;
        put(
                a,
                TRANSFER_ALLOWED,
                allowed == null ? null : allowed.stream().map(Pattern::quote).collect(Collectors.joining("|")));
        put(a, RECORDING, recording == null ? null : recording.toString());
        return new CallSetup(setup.callId(), setup.transport(), setup.smaTransactionId(), setup.from(), setup.to(), a);
    }

    /** The session with this profile's transcription and turn detection over the environment's. */
    public SessionConfig applyTo(SessionConfig config) {
        return new SessionConfig(
                config.instructions(),
                config.voice(),
                config.format(),
                vad == null ? config.turnDetection() : vad.over(config.turnDetection()),
                transcriptionModel != null ? transcriptionModel : config.transcriptionModel(),
                transcriptionLanguage != null ? transcriptionLanguage : config.transcriptionLanguage(),
                config.tools(),
                config.textOutput());
    }

    /** The profile a call was given, by name (attribute set by {@link #applyTo(CallSetup)}), or null. */
    public static String nameOf(CallSetup setup) {
        return setup.attributes().get(PROFILE);
    }

    /** Whether the call is to be recorded: its profile said so. */
    public static boolean recordingOn(CallSetup setup) {
        return "true".equals(setup.attributes().get(RECORDING));
    }

    /** The built-in tool switches of the call's profile, by tool name; empty = the gateway's. */
    public static Map<String, Boolean> toolSwitches(CallSetup setup) {
        String value = setup.attributes().get(TOOLS);
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        Map<String, Boolean> switches = new HashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                switches.put(pair.substring(0, eq), Boolean.parseBoolean(pair.substring(eq + 1)));
            }
        }
        return switches;
    }

    /** The call's transfer number from its profile, or null for the gateway's. */
    public static String transferNumberOf(CallSetup setup) {
        return setup.attributes().get(TRANSFER_NUMBER);
    }

    /** The call's allowed transfer targets from its profile as a regular expression, or null for the gateway's. */
    public static String transferAllowedOf(CallSetup setup) {
        return setup.attributes().get(TRANSFER_ALLOWED);
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }
}
