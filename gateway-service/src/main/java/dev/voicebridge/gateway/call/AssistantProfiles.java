package dev.voicebridge.gateway.call;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The named assistant profiles of GATEWAY_PROFILES_FILE (instructions, voice, greeting), read and
 * checked once at start-up: a mistake stops the gateway with a message naming the profile and the
 * field. {@code default} always exists and is the environment configuration, so a deployment without
 * the file behaves as before. Immutable after construction; read by request and SIP threads.
 */
@Component
public final class AssistantProfiles {

    public static final String DEFAULT = "default";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    static final List<String> FIELDS = List.of("instructions", "voice", "greeting");
    static final int MAX_INSTRUCTIONS = 16_000;
    static final int MAX_GREETING = 1_000;

    private final Map<String, CallOverrides> profiles;

    @Autowired
    public AssistantProfiles(@Value("${voicebridge.profiles.file:}") String file) {
        this.profiles = file == null || file.isBlank() ? Map.of() : load(Path.of(file.strip()));
    }

    AssistantProfiles(Map<String, CallOverrides> profiles) {
        this.profiles = Map.copyOf(profiles);
    }

    /** The profile's settings; empty for {@code default} (the environment's) and for an unknown name. */
    public Optional<CallOverrides> find(String name) {
        if (name == null || name.equals(DEFAULT)) {
            return Optional.of(CallOverrides.NONE);
        }
        return Optional.ofNullable(profiles.get(name));
    }

    /** The names a request may use, for a refusal that lists them. */
    public List<String> names() {
        List<String> names = new java.util.ArrayList<>(profiles.keySet());
        names.add(DEFAULT);
        return names.stream().sorted().toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, CallOverrides> load(Path file) {
        String where = "GATEWAY_PROFILES_FILE " + file;
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(where + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("profiles") instanceof Map<?, ?> named)) {
            throw new IllegalStateException(where + ": expected a 'profiles:' map of named profiles");
        }
        Map<String, CallOverrides> profiles = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : named.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = where + ": profile '" + name + "'";
            if (!NAME.matcher(name).matches() || name.equals(DEFAULT)) {
                throw new IllegalStateException(at + ": a name is 1-64 characters of A-Z a-z 0-9 _ . -, and not"
                        + " 'default' (that is the environment configuration)");
            }
            if (!(e.getValue() instanceof Map<?, ?> fields)) {
                throw new IllegalStateException(at + ": expected a map of " + FIELDS);
            }
            for (Object field : fields.keySet()) {
                if (!FIELDS.contains(String.valueOf(field))) {
                    throw new IllegalStateException(at + ": field '" + field + "' is not one of " + FIELDS);
                }
            }
            String instructions = text(fields, "instructions", MAX_INSTRUCTIONS, at);
            String voice = text(fields, "voice", 64, at);
            if (voice != null && !NAME.matcher(voice).matches()) {
                throw new IllegalStateException(at + ": field 'voice' must be 1-64 characters of A-Z a-z 0-9 _ . -");
            }
            String greeting = text(fields, "greeting", MAX_GREETING, at);
            profiles.put(name, new CallOverrides(instructions, voice, greeting));
        }
        return profiles;
    }

    private static String text(Map<?, ?> fields, String field, int max, String at) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalStateException(at + ": field '" + field + "' must be a non-empty string");
        }
        if (s.length() > max) {
            throw new IllegalStateException(at + ": field '" + field + "' must be at most " + max + " characters");
        }
        return s.strip();
    }
}
