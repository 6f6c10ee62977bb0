package dev.voicebridge.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.Speech;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import dev.voicebridge.simulator.contract.KnownDeviations;
import dev.voicebridge.simulator.contract.RealtimeSchemas;
import dev.voicebridge.simulator.contract.RecordedEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real calls through the gateway against the simulator on the GA protocol, with every event recorded:
 * each client event the gateway sent, and each server event the simulator answered with, is checked
 * against OpenAI's published GA schemas (the pinned copy in the simulator's contract package).
 */
class GaRealtimeContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RealtimeSchemas CLIENT = RealtimeSchemas.clientEvents();
    private static final RealtimeSchemas SERVER = RealtimeSchemas.serverEvents();

    private RealtimeSimulator azure;
    private TestGateway gateway;

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void shouldSendOnlyGaClientEventsThroughACallWithBargeInAToolCallAndKeypadDigits() throws Exception {
        // Given a µ-law call through the gateway to the simulator (GA, events recorded), whose second
        // answer is a send_dtmf tool call, streamed a little faster than real time
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(1.5)
                .maxResponse(Duration.ofSeconds(4))
                .toolCall(2, "send_dtmf", "{\"digits\":\"12#\"}")
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);
        assertThat(session.recordsEvents()).isTrue();

        // When the caller speaks and talks over the answer once half a second of it has played
        call.say(Speech.utterance(2500, 400));
        RecordingCallLeg.await(
                "half a second of the answer played", WAIT, () -> call.leg().frameCount() >= 25);
        call.say(Speech.utterance(400, 400));
        session.awaitTruncate(WAIT);
        // And the model answers the interruption with the tool call, which the gateway carries out
        session.awaitClientEvent("response.create", WAIT);
        RecordingCallLeg.await(
                "the tool's digits played", WAIT, () -> call.leg().events().contains(new RecordingCallLeg.Dtmf("12#")));
        session.awaitServerEvent("response.done", 3, WAIT);
        RecordingCallLeg.await(
                "the gateway to see the third response end",
                WAIT,
                () -> call.session().assistant().responses() >= 3);
        // And the caller keys in 4 2 #, with no response under way
        call.listener().onDtmf('4');
        call.listener().onDtmf('2');
        call.listener().onDtmf('#');
        session.awaitClientEvent("conversation.item.create", 2, WAIT);
        session.awaitServerEvent("response.done", 4, WAIT);

        // Then the gateway sent set-up, audio, a truncate, the tool's output, the digits and response.creates
        List<SessionRecord.ClientEvent> sent = session.clientEvents();
        assertThat(sent)
                .extracting(SessionRecord.ClientEvent::type)
                .contains(
                        "session.update",
                        "input_audio_buffer.append",
                        "conversation.item.truncate",
                        "conversation.item.create",
                        "response.create");
        assertThat(session.clientEvents("conversation.item.create"))
                .extracting(e -> e.json().at("/item/type").asString())
                .containsExactly("function_call_output", "message");
        // And every one of them validates against its GA client event schema
        assertThat(clientViolations(sent)).isEmpty();
        // And every server event of that call validates, apart from the simulator's known deviations
        List<String> serverViolations = serverViolations(session);
        assertThat(KnownDeviations.unexplained(serverViolations, KnownDeviations.SIMULATOR_SERVER_EVENTS))
                .isEmpty();
        assertThat(KnownDeviations.unused(serverViolations, KnownDeviations.SIMULATOR_SERVER_EVENTS))
                .isEmpty();
    }

    @Test
    void shouldSendOnlyGaClientEventsWhenTheCallIsCarriedAsPcm16AndTheAssistantGreetsFirst() throws Exception {
        // Given a call carried to the simulator as 24 kHz PCM16, the assistant speaking first
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.audio = RealtimeProperties.AudioMode.PCM16;
            s.greetFirst = true;
            return s;
        });
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the greeting plays and the caller answers it
        session.awaitServerEvent("response.done", WAIT);
        call.say(Speech.utterance(600, 500));
        session.awaitServerEvent("response.done", 2, WAIT);

        // Then the set-up asked for audio/pcm at 24 kHz, and every client event validates
        assertThat(session.clientEvents("session.update")
                        .get(0)
                        .json()
                        .at("/session/audio/input/format/type")
                        .asString())
                .isEqualTo("audio/pcm");
        assertThat(session.clientEventTypes()).contains("response.create", "input_audio_buffer.append");
        assertThat(clientViolations(session.clientEvents())).isEmpty();
        assertThat(KnownDeviations.unexplained(serverViolations(session), KnownDeviations.SIMULATOR_SERVER_EVENTS))
                .isEmpty();
    }

    @Test
    void shouldBuildOnlyGaClientEventsForWhatTheseCallsDoNotReach() {
        // Given the gateway's GA client event builder
        ClientEvents events = new ClientEvents(RealtimeProtocol.forApiVersion(null));
        ToolDefinition tool = new ToolDefinition(
                "opening_hours",
                "Opening hours of a branch",
                JsonMapper.builder()
                        .build()
                        .readTree("{\"type\":\"object\",\"properties\":{\"branch\":{\"type\":\"string\"}}}"));
        List<String> built = new ArrayList<>();
        for (AzureAudioFormat format : AzureAudioFormat.values()) {
            for (TurnDetection turns : List.of(
                    TurnDetection.phoneDefaults(),
                    new TurnDetection(TurnDetection.Type.SEMANTIC_VAD, 0.5, 300, 500, "low", true, false))) {
                built.add(events.sessionUpdate(
                        new SessionConfig("Be brief.", "marin", format, turns, "whisper-1", List.of(tool))));
                built.add(events.sessionUpdate(new SessionConfig(null, "cedar", format, turns, null, List.of())));
            }
        }

        // When it builds what a call may send that the calls above did not: a cancel (interrupt_response
        // off), the transcript replayed into a new session after a rollover, and every session set-up
        built.add(events.responseCancel());
        built.add(events.textMessage(true, "Our Leeds branch opens at nine."));
        built.add(events.textMessage(false, "When does Leeds open?"));
        built.add(ClientEvents.append(new byte[160], 160));

        // Then each one validates against its GA client event schema
        List<String> violations = new ArrayList<>();
        built.forEach(json -> violations.addAll(CLIENT.violations(json)));
        assertThat(violations).isEmpty();
        assertThat(built).hasSize(AzureAudioFormat.values().length * 4 + 4);
    }

    private static List<String> clientViolations(List<SessionRecord.ClientEvent> events) {
        List<String> violations = new ArrayList<>();
        for (SessionRecord.ClientEvent event : events) {
            violations.addAll(CLIENT.violations(RecordedEvents.asSent(event.json())));
        }
        return violations;
    }

    private static List<String> serverViolations(SessionRecord session) {
        List<String> violations = new ArrayList<>();
        for (SessionRecord.ServerEvent event : session.serverEvents()) {
            violations.addAll(SERVER.violations(RecordedEvents.asSent(event.json())));
        }
        return violations;
    }
}
