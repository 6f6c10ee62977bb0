package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Inbound calls pick their assistant profile by the number the caller dialled: SIPp plays the Voice
 * Connector bridging the SMA's call with X-VoiceBridge-Called-Number, and the Realtime simulator (as
 * Azure) sees that number's profile in session.update.
 */
class SipProfileByNumberTest {

    @TempDir
    Path dir;

    private RealtimeSimulator azure;
    private TestGateway gateway;
    private SipServer server;

    @BeforeAll
    static void needsSipp() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void shouldGiveAnInboundCallTheProfileOfTheNumberItDialled() throws Exception {
        // Given a profiles file whose 'sales' profile owns +14155550123, with its own instructions,
        // voice, transcription, semantic VAD and no DTMF tool
        Path profiles = dir.resolve("profiles.yaml");
        Files.writeString(profiles, """
                profiles:
                  sales:
                    numbers: ["+14155550123"]
                    instructions: You are the sales line of Acme.
                    voice: cedar
                    transcription: {model: gpt-4o-transcribe, language: en}
                    vad: {type: semantic_vad, eagerness: low}
                    tools: {send_dtmf: false}
                  support:
                    numbers: ["+14155550199"]
                    instructions: You are the support line.
                """);
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.profilesFile = profiles.toString();
            return s;
        });
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), gateway.sessions);

        // When the SMA bridges a call to the sales number, and one to a number no profile lists
        Sipp.Result sales = Sipp.run(Sipp.Run.of("uac-called-number.xml", server.port())
                .key("placed_tx", "tx-inbound-sales")
                .key("called", "+14155550123"));
        Sipp.Result other = Sipp.run(Sipp.Run.of("uac-called-number.xml", server.port())
                .key("placed_tx", "tx-inbound-other")
                .key("called", "+14155550000"));

        // Then the sales call's Azure session has the sales profile's settings
        assertThat(sales.allCallsSucceeded()).as(sales.output()).isTrue();
        assertThat(other.allCallsSucceeded()).as(other.output()).isTrue();
        JsonNode first = update(azure.sessions().get(0));
        assertThat(first.path("instructions").asString()).isEqualTo("You are the sales line of Acme.");
        assertThat(first.path("audio").path("output").path("voice").asString()).isEqualTo("cedar");
        JsonNode input = first.path("audio").path("input");
        assertThat(input.path("transcription").path("model").asString()).isEqualTo("gpt-4o-transcribe");
        assertThat(input.path("transcription").path("language").asString()).isEqualTo("en");
        assertThat(input.path("turn_detection").path("type").asString()).isEqualTo("semantic_vad");
        assertThat(input.path("turn_detection").path("eagerness").asString()).isEqualTo("low");
        assertThat(first.path("tools").findValuesAsString("name"))
                .contains("hang_up", "transfer_to_human")
                .doesNotContain("send_dtmf");
        // And the call to an unlisted number has the gateway's own settings
        JsonNode second = update(azure.sessions().get(1));
        assertThat(second.path("instructions").asString()).isEqualTo("You are a test assistant.");
        assertThat(second.path("audio")
                        .path("input")
                        .path("turn_detection")
                        .path("type")
                        .asString())
                .isEqualTo("server_vad");
        assertThat(second.path("tools").findValuesAsString("name")).contains("send_dtmf");
    }

    private static JsonNode update(SessionRecord session) {
        return session.awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
    }
}
