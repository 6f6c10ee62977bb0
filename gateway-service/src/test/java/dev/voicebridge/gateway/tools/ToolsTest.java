package dev.voicebridge.gateway.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.Speech;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tools called by the (simulated) model: results go back as function_call_output then
 * response.create; hang-up and transfer act through the SMA (the Chime SDK Voice API is WireMock).
 */
class ToolsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private RealtimeSimulator azure;
    private TestGateway gateway;
    private WireMockServer aws;

    @BeforeAll
    static void awsCredentials() {
        // The SDK's default chain reads these; WireMock does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @BeforeEach
    void startAws() {
        aws = new WireMockServer(options().dynamicPort());
        aws.start();
        aws.stubFor(post(urlPathMatching("/sip-media-applications/.*/calls/.*"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-1\"}}")));
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
        aws.stop();
    }

    private TestGateway.Call smaCall(SimulatorOptions options) throws Exception {
        azure = RealtimeSimulator.start(options);
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.chimeEndpoint = URI.create(aws.baseUrl());
            s.httpTools = List.of(new ToolProperties.HttpTool(
                    "opening_hours",
                    "Opening hours of a branch",
                    "{\"type\":\"object\",\"properties\":{\"branch\":{\"type\":\"string\"}}}",
                    URI.create(aws.baseUrl() + "/tools/opening-hours"),
                    Duration.ofSeconds(10)));
            return s;
        });
        TestGateway.Call call =
                gateway.call(AudioFormat.PCMU, CallSetup.Transport.SIP, "tx-1", Map.of(BridgeHeaders.SMA_ID, "sma-1"));
        call.awaitReady();
        return call;
    }

    @Test
    void shouldSendDtmfAndAnswerWithOutputThenResponseCreate() throws Exception {
        // Given the model will call send_dtmf on the first turn
        TestGateway.Call call = smaCall(SimulatorOptions.builder()
                .toolCall(1, "send_dtmf", "{\"digits\":\"12#\"}")
                .build());
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the caller speaks
        call.say(Speech.utterance(500, 400));

        // Then the digits are played on the leg, the result goes back, and the model is asked to go on
        session.awaitClientEvent("response.create", WAIT);
        assertThat(call.leg().events()).contains(new RecordingCallLeg.Dtmf("12#"));
        SessionRecord.ClientEvent output =
                session.clientEvents("conversation.item.create").get(0);
        assertThat(output.json().path("item").path("type").stringValue()).isEqualTo("function_call_output");
        assertThat(output.json().path("item").path("output").stringValue()).isEqualTo("{\"sent\":\"12#\"}");
        List<String> types = session.clientEventTypes();
        assertThat(types.indexOf("conversation.item.create")).isLessThan(types.lastIndexOf("response.create"));
        session.awaitServerEvent("response.done", 2, WAIT);
        assertThat(session.serverEvents("error"))
                .as("no response.create while one was active")
                .isEmpty();
    }

    @Test
    void shouldHangUpThroughTheSmaAfterTheGoodbye() throws Exception {
        // Given the model will call hang_up on the first turn of an SMA call
        TestGateway.Call call =
                smaCall(SimulatorOptions.builder().toolCall(1, "hang_up", "{}").build());

        // When the caller speaks
        call.say(Speech.utterance(500, 400));

        // Then the SMA is asked to hang up (the Lambda ends the PSTN leg), not the leg directly
        RecordingCallLeg.await(
                "UpdateSipMediaApplicationCall",
                WAIT,
                () -> !aws.findAll(postRequestedFor(urlPathMatching("/sip-media-applications/.*")))
                        .isEmpty());
        aws.verify(postRequestedFor(urlEqualTo("/sip-media-applications/sma-1/calls/tx-1"))
                .withRequestBody(equalToJson("{\"Arguments\":{\"command\":\"hangup\"}}", true, true)));
        assertThat(call.leg().hangUpReason()).isNull();

        // And when the SMA's hang-up reaches the leg, the call is recorded as ended by the assistant
        call.listener().onLegEnded(EndReason.CALLER_HANGUP);
        assertThat(call.session().endReason()).isEqualTo(EndReason.ASSISTANT_HANGUP);
        azure.awaitNoOpenSessions(WAIT);
    }

    @Test
    void shouldHangUpTheLegDirectlyWhenTheCallHasNoSma() throws Exception {
        // Given a WebSocket call that did not come through an SMA
        azure = RealtimeSimulator.start(
                SimulatorOptions.builder().toolCall(1, "hang_up", "{}").build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        TestGateway.Call call = gateway.call();
        call.awaitReady();

        // When the model calls hang_up
        call.say(Speech.utterance(500, 400));

        // Then the leg itself is ended and the Azure socket is closed
        RecordingCallLeg.await("hang-up", WAIT, () -> call.leg().hangUpReason() != null);
        assertThat(call.leg().hangUpReason()).isEqualTo(EndReason.ASSISTANT_HANGUP);
        azure.awaitNoOpenSessions(WAIT);
    }

    @Test
    void shouldTransferOnlyToAllowedNumbers() throws Exception {
        // Given the model asks for a number the deployer did not allow, then the allowed one
        TestGateway.Call call = smaCall(SimulatorOptions.builder()
                .toolCall(1, "transfer_to_human", "{\"number\":\"+19005550199\"}")
                .toolCall(2, "transfer_to_human", "{\"number\":\"+15550100100\"}")
                .build());
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the first transfer is attempted
        call.say(Speech.utterance(500, 400));

        // Then the model is told it is not allowed, and no SMA request is made
        session.awaitClientEvent("conversation.item.create", WAIT);
        assertThat(session.clientEvents("conversation.item.create")
                        .get(0)
                        .json()
                        .path("item")
                        .path("output")
                        .stringValue())
                .contains("not allowed");
        assertThat(aws.findAll(postRequestedFor(urlPathMatching("/sip-media-applications/.*"))))
                .isEmpty();

        // When the model then transfers to the allowed number (turn 2: the answer to the tool result)
        session.awaitClientEvent("conversation.item.create", 2, WAIT);

        // Then the SMA is asked to transfer the call
        aws.verify(postRequestedFor(urlEqualTo("/sip-media-applications/sma-1/calls/tx-1"))
                .withRequestBody(
                        equalToJson("{\"Arguments\":{\"command\":\"transfer\",\"to\":\"+15550100100\"}}", true, true)));
        call.listener().onLegEnded(EndReason.CALLER_HANGUP);
        assertThat(call.session().endReason()).isEqualTo(EndReason.TRANSFERRED);
    }

    @Test
    void shouldPostADeployerToolsArgumentsAndReturnTheBody() throws Exception {
        // Given a deployer tool backed by an HTTP endpoint
        aws.stubFor(post(urlEqualTo("/tools/opening-hours"))
                .willReturn(aResponse().withStatus(200).withBody("{\"hours\":\"9-17\"}")));
        TestGateway.Call call = smaCall(SimulatorOptions.builder()
                .toolCall(1, "opening_hours", "{\"branch\":\"Leeds\"}")
                .build());
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the model calls it
        call.say(Speech.utterance(500, 400));

        // Then the endpoint gets the arguments and the call id, and the model gets the body
        session.awaitClientEvent("conversation.item.create", Duration.ofSeconds(20));
        assertThat(session.clientEvents("conversation.item.create")
                        .get(0)
                        .json()
                        .path("item")
                        .path("output")
                        .stringValue())
                .isEqualTo("{\"hours\":\"9-17\"}");
        aws.verify(postRequestedFor(urlEqualTo("/tools/opening-hours"))
                .withHeader("X-VoiceBridge-Call-Id", equalTo(call.id()))
                .withRequestBody(equalToJson("{\"branch\":\"Leeds\"}")));
    }
}
