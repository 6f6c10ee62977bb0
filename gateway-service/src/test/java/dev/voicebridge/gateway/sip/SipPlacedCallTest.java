package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.CallOverrides;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A call placed through the calls API, answered, and bridged by the SMA Lambda to the gateway: SIPp
 * plays the Voice Connector with the call's TransactionId in the X- header, and the Realtime
 * simulator (as Azure) sees the instructions, voice and greeting the API request asked for.
 */
class SipPlacedCallTest {

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
    void shouldGiveTheBridgedCallTheInstructionsVoiceAndGreetingItWasPlacedWith() throws Exception {
        // Given a call placed through the API with its own instructions, voice and greeting
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        gateway.placed.placed(
                "tx-placed-1",
                new CallOverrides("You confirm dental appointments.", "cedar", "Hello, this is the clinic."));
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), gateway.sessions);

        // When the SMA bridges the answered call to the gateway with its TransactionId (and the profile the
        // calls API always names)
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-profile-call.xml", server.port())
                .key("placed_tx", "tx-placed-1")
                .key("profile", "default"));

        // Then the call went through, and its Azure session was configured as the request asked
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        SessionRecord session = azure.sessions().getFirst();
        JsonNode update = session.awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
        assertThat(update.path("instructions").asString())
                .startsWith("You confirm dental appointments.")
                .contains("Hello, this is the clinic.");
        assertThat(update.path("audio").path("output").path("voice").asString()).isEqualTo("cedar");
        // And the assistant speaks first, to open with the greeting
        session.awaitClientEvent("response.create", Duration.ofSeconds(10));
    }

    @Test
    void shouldGiveACallItsProfileOnAnyInstanceWithTheRequestsOverridesOnTop() throws Exception {
        // Given a gateway with a 'support' profile, and a call placed elsewhere (no overrides here)
        // plus one placed here that changes only the voice
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.profiles = Map.of("support", new CallOverrides("You are the support line.", "marin", null));
            return s;
        });
        gateway.placed.placed("tx-profile-here", new CallOverrides(null, "cedar", null));
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), gateway.sessions);

        // When both are bridged naming the profile
        Sipp.Result elsewhere = Sipp.run(Sipp.Run.of("uac-profile-call.xml", server.port())
                .key("placed_tx", "tx-profile-elsewhere")
                .key("profile", "support"));
        Sipp.Result here = Sipp.run(Sipp.Run.of("uac-profile-call.xml", server.port())
                .key("placed_tx", "tx-profile-here")
                .key("profile", "support"));

        // Then both sessions have the profile's instructions; the one placed here has its request's voice
        assertThat(elsewhere.allCallsSucceeded()).as(elsewhere.output()).isTrue();
        assertThat(here.allCallsSucceeded()).as(here.output()).isTrue();
        JsonNode first = azure.sessions()
                .get(0)
                .awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
        JsonNode second = azure.sessions()
                .get(1)
                .awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
        assertThat(first.path("instructions").asString()).isEqualTo("You are the support line.");
        assertThat(first.path("audio").path("output").path("voice").asString()).isEqualTo("marin");
        assertThat(second.path("instructions").asString()).isEqualTo("You are the support line.");
        assertThat(second.path("audio").path("output").path("voice").asString()).isEqualTo("cedar");
    }

    @Test
    void shouldKeepTheGatewaysOwnSettingsForACallThatWasNotPlacedThroughTheApi() throws Exception {
        // Given overrides for another call only
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        gateway.placed.placed("tx-placed-other", new CallOverrides("Someone else's script.", "cedar", null));
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), gateway.sessions);

        // When an inbound call is bridged
        Sipp.Result result =
                Sipp.run(Sipp.Run.of("uac-placed-call.xml", server.port()).key("placed_tx", "tx-inbound-1"));

        // Then its session has the gateway's instructions and voice
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        JsonNode update = azure.sessions()
                .getFirst()
                .awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
        assertThat(update.path("instructions").asString()).doesNotContain("Someone else's script.");
        assertThat(update.path("audio").path("output").path("voice").asString()).isNotEqualTo("cedar");
    }
}
