package dev.voicebridge.gateway.call;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * The named assistant profiles of GATEWAY_PROFILES_FILE (instructions, voice, greeting,
 * transcription, VAD, built-in tools, transfer, recording, and the dialled numbers that select
 * them), read and checked once at start-up: a mistake stops the gateway with a message naming the
 * profile and the field ({@link ProfileParser}). {@code default} always exists and is the
 * environment configuration, so a deployment without the file behaves as before. Immutable after
 * construction; read by request and SIP threads.
 */
@Component
public final class AssistantProfiles {

    public static final String DEFAULT = "default";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final Map<String, AssistantProfile> profiles;
    private final Map<String, String> byNumber;

    @Autowired
    public AssistantProfiles(@Value("${voicebridge.profiles.file:}") String file) {
        this(file == null || file.isBlank() ? List.of() : load(Path.of(file.strip())));
    }

    /** Profiles of instructions, voice and greeting only, by name (tests). */
    AssistantProfiles(Map<String, CallOverrides> prompts) {
        this(prompts.entrySet().stream()
                .map(e -> AssistantProfile.of(e.getKey(), e.getValue()))
                .toList());
    }

    private AssistantProfiles(Collection<AssistantProfile> profiles) {
        Map<String, AssistantProfile> named = new LinkedHashMap<>();
        Map<String, String> numbers = new HashMap<>();
        for (AssistantProfile p : profiles) {
            named.put(p.name(), p);
            for (String number : p.numbers()) {
                String other = numbers.putIfAbsent(number, p.name());
                if (other != null) {
                    throw new IllegalStateException(
                            "GATEWAY_PROFILES_FILE: profile '" + p.name() + "': field 'numbers': " + number
                                    + " already selects profile '" + other + "'; a number selects one profile");
                }
            }
        }
        this.profiles = Map.copyOf(named);
        this.byNumber = Map.copyOf(numbers);
    }

    /** Full profiles, as given (tests). */
    public static AssistantProfiles of(Collection<AssistantProfile> profiles) {
        return new AssistantProfiles(profiles);
    }

    /** The profile's instructions, voice and greeting; NONE for {@code default}, empty for an unknown name. */
    public Optional<CallOverrides> find(String name) {
        return profile(name).map(AssistantProfile::prompt);
    }

    /** The whole profile; the environment's (nothing set) for {@code default} and null, empty when unknown. */
    public Optional<AssistantProfile> profile(String name) {
        if (name == null || name.equals(DEFAULT)) {
            return Optional.of(AssistantProfile.of(DEFAULT, CallOverrides.NONE));
        }
        return Optional.ofNullable(profiles.get(name));
    }

    /** The profile whose {@code numbers} list {@code dialled}, if any. */
    public Optional<String> forNumber(String dialled) {
        return dialled == null ? Optional.empty() : Optional.ofNullable(byNumber.get(dialled.strip()));
    }

    /** The names of the profiles whose calls are recorded, sorted. */
    public List<String> recorded() {
        return profiles.values().stream()
                .filter(p -> Boolean.TRUE.equals(p.recording()))
                .map(AssistantProfile::name)
                .sorted()
                .toList();
    }

    /** The names a request may use, for a refusal that lists them. */
    public List<String> names() {
        List<String> names = new ArrayList<>(profiles.keySet());
        names.add(DEFAULT);
        return names.stream().sorted().toList();
    }

    static List<AssistantProfile> load(Path file) {
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
        List<AssistantProfile> profiles = new ArrayList<>();
        for (Map.Entry<?, ?> e : named.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = where + ": profile '" + name + "'";
            if (!NAME.matcher(name).matches() || name.equals(DEFAULT)) {
                throw new IllegalStateException(at + ": a name is 1-64 characters of A-Z a-z 0-9 _ . -, and not"
                        + " 'default' (that is the environment configuration)");
            }
            profiles.add(ProfileParser.parse(name, at, e.getValue()));
        }
        return profiles;
    }
}
