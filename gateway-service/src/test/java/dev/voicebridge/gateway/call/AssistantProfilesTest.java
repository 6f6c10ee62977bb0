package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GATEWAY_PROFILES_FILE: read once, and a mistake stops start-up naming the profile and the field. */
class AssistantProfilesTest {

    @TempDir
    Path dir;

    private String file(String yaml) throws IOException {
        Path path = dir.resolve("profiles.yaml");
        Files.writeString(path, yaml);
        return path.toString();
    }

    @Test
    void shouldReadNamedProfilesAndKeepDefaultAsTheEnvironment() throws IOException {
        // Given a file with a sales and a support profile
        AssistantProfiles profiles = new AssistantProfiles(file("""
                profiles:
                  sales:
                    instructions: You sell renewals.
                    voice: cedar
                    greeting: Hi, this is Acme.
                  support:
                    instructions: You are the support line.
                """));

        // Then each has its settings, default is the environment's, an unknown name is not a profile
        assertThat(profiles.find("sales"))
                .contains(new CallOverrides("You sell renewals.", "cedar", "Hi, this is Acme."));
        assertThat(profiles.find("support")).contains(new CallOverrides("You are the support line.", null, null));
        assertThat(profiles.find("default")).contains(CallOverrides.NONE);
        assertThat(profiles.find("billing")).isEmpty();
        assertThat(profiles.names()).containsExactly("default", "sales", "support");
    }

    @Test
    void shouldWorkAsBeforeWithoutAFile() {
        // Given no GATEWAY_PROFILES_FILE
        AssistantProfiles profiles = new AssistantProfiles("");

        // Then only the default exists
        assertThat(profiles.names()).containsExactly("default");
    }

    @Test
    void shouldStopStartUpNamingTheProfileAndTheField() throws IOException {
        // Given files with a misspelt field, a voice that is not a name, a profile called default
        String misspelt = file("""
                profiles:
                  sales:
                    voise: cedar
                """);
        assertThatThrownBy(() -> new AssistantProfiles(misspelt))
                .hasMessageContaining("profile 'sales'")
                .hasMessageContaining("field 'voise' is not one of [instructions, voice, greeting]");

        String badVoice = file("""
                profiles:
                  support:
                    voice: "cedar; drop"
                """);
        assertThatThrownBy(() -> new AssistantProfiles(badVoice))
                .hasMessageContaining("profile 'support'")
                .hasMessageContaining("field 'voice'");

        String shadowing = file("""
                profiles:
                  default:
                    instructions: Something else.
                """);
        assertThatThrownBy(() -> new AssistantProfiles(shadowing)).hasMessageContaining("profile 'default'");

        // And a file that is missing names the variable
        assertThatThrownBy(() -> new AssistantProfiles(dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("GATEWAY_PROFILES_FILE");
    }
}
