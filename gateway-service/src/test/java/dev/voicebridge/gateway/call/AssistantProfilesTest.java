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
                .hasMessageContaining("field 'voise' is not one of [instructions, voice, greeting, numbers,");

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

    @Test
    void shouldReadEverySettingOfAProfile() throws IOException {
        // Given a profile that sets everything a profile can
        AssistantProfiles profiles = new AssistantProfiles(file("""
                profiles:
                  support:
                    instructions: You are the support line.
                    voice: marin
                    numbers: ["+14155550100", "+14155550101"]
                    transcription: {model: gpt-4o-mini-transcribe, language: de}
                    vad: {type: server_vad, threshold: 0.75, silence_duration_ms: 700, prefix_padding_ms: 200}
                    tools: {hang_up: true, transfer_to_human: true, send_dtmf: false}
                    transfer: {number: "+14155550999", allowed: ["+14155550999", "+14155550998"]}
                    recording: true
                """));

        // Then each setting is there, and both numbers select the profile
        AssistantProfile support = profiles.profile("support").orElseThrow();
        assertThat(support.transcriptionModel()).isEqualTo("gpt-4o-mini-transcribe");
        assertThat(support.transcriptionLanguage()).isEqualTo("de");
        assertThat(support.vad())
                .isEqualTo(new AssistantProfile.Vad(
                        dev.voicebridge.gateway.realtime.protocol.TurnDetection.Type.SERVER_VAD, 0.75, 200, 700, null));
        assertThat(support.tools()).containsEntry("send_dtmf", false).containsEntry("hang_up", true);
        assertThat(support.transferNumber()).isEqualTo("+14155550999");
        assertThat(support.transferAllowed()).containsExactly("+14155550999", "+14155550998");
        assertThat(support.recording()).isTrue();
        assertThat(profiles.forNumber("+14155550101")).contains("support");
        assertThat(profiles.forNumber("+14155550000")).isEmpty();
        // And the default profile records nothing and changes nothing
        assertThat(profiles.profile("default").orElseThrow().recording()).isNull();
    }

    @Test
    void shouldRefuseEachBadSettingNamingTheProfileAndTheField() throws IOException {
        String[][] cases = {
            {"vad: {threshold: 1.5}", "field 'vad.threshold' must be a number between 0 and 1"},
            {"vad: {type: semantic_vad, silence_duration_ms: 500}", "field 'vad' semantic_vad takes only eagerness"},
            {"vad: {type: server_vad, eagerness: low}", "field 'vad.eagerness' is for semantic_vad only"},
            {"vad: {eagerness: sometimes}", "field 'vad.eagerness' must be one of [low, medium, high, auto]"},
            {"vad: {silence_duration_ms: 20}", "field 'vad.silence_duration_ms' must be a whole number from 50"},
            {"vad: {type: push_to_talk}", "field 'vad.type' must be server_vad or semantic_vad"},
            {"transcription: {language: english}", "field 'transcription.language' must be at most 2 characters"},
            {"transcription: {language: EN}", "field 'transcription.language' must be an ISO-639-1 code"},
            {"transcription: {modle: whisper-1}", "field 'transcription.modle' is not one of [model, language]"},
            {"tools: {launch_rockets: true}", "field 'tools.launch_rockets' is not one of [hang_up,"},
            {"tools: {hang_up: yes please}", "field 'tools.hang_up' must be true or false"},
            {"transfer: {number: 14155550999}", "field 'transfer.number' must be an E.164 number in quotes"},
            {"transfer: {allowed: [\"+1415\", \"premium\"]}", "field 'transfer.allowed[1]' must be an E.164"},
            {"recording: maybe", "field 'recording' must be true or false"},
            {"numbers: []", "field 'numbers' must be a non-empty list of E.164 numbers"},
        };
        for (String[] c : cases) {
            // Given a profile with one bad setting
            String path = file("profiles:\n  sales:\n    " + c[0] + "\n");
            // Then start-up stops, naming the profile and the field
            assertThatThrownBy(() -> new AssistantProfiles(path))
                    .as(c[0])
                    .hasMessageContaining("profile 'sales'")
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void shouldRefuseOneNumberSelectingTwoProfiles() throws IOException {
        // Given two profiles that both list the same number
        String path = file("""
                profiles:
                  sales:
                    numbers: ["+14155550100"]
                  support:
                    numbers: ["+14155550100"]
                """);

        // Then start-up stops, naming the number and both profiles
        assertThatThrownBy(() -> new AssistantProfiles(path))
                .hasMessageContaining("profile 'support'")
                .hasMessageContaining("field 'numbers'")
                .hasMessageContaining("+14155550100 already selects profile 'sales'");
    }
}
