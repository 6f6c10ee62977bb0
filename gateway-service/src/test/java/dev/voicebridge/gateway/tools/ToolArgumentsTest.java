package dev.voicebridge.gateway.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.Speech;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.gateway.logging.LogCapture;
import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tool arguments of the wrong type from the (simulated) model: the model is told which argument
 * was wrong and nothing happens on the call; above all, a transfer with a malformed number is not
 * taken for a request for the default agent line.
 */
class ToolArgumentsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
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
                .willReturn(aResponse().withStatus(202).withBody("{}")));
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "transfer_to_human | {\"number\":{\"e164\":\"+15550100100\"}} | number must be a string: an E.164 number like +15551234567",
                "transfer_to_human | {\"number\":15550100100}               | number must be a string: an E.164 number like +15551234567",
                "send_dtmf         | {\"digits\":5}                          | digits must be a string of 1-32 of 0-9, *, #, A-D"
            })
    void shouldTellTheModelWhichArgumentHadTheWrongTypeAndDoNothing(String tool, String arguments, String error)
            throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            // Given an SMA call whose model calls a tool with an argument of the wrong type
            azure = RealtimeSimulator.start(
                    SimulatorOptions.builder().toolCall(1, tool, arguments).build());
            gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
                s.chimeEndpoint = URI.create(aws.baseUrl());
                return s;
            });
            TestGateway.Call call = gateway.call(
                    AudioFormat.PCMU, CallSetup.Transport.SIP, "tx-1", Map.of(BridgeHeaders.SMA_ID, "sma-1"));
            call.awaitReady();
            SessionRecord session = azure.awaitSession(1, WAIT);

            // When the caller speaks and the model calls the tool
            call.say(Speech.utterance(500, 400));

            // Then the model reads an error naming the argument, and the call goes on untouched:
            // no transfer to the default line, no tones, nothing logged as a failure
            session.awaitClientEvent("conversation.item.create", WAIT);
            assertThat(session.clientEvents("conversation.item.create")
                            .get(0)
                            .json()
                            .path("item")
                            .path("output")
                            .stringValue())
                    .isEqualTo("{\"error\":\"" + error + "\"}");
            session.awaitClientEvent("response.create", WAIT);
            aws.verify(0, postRequestedFor(urlPathMatching("/sip-media-applications/.*")));
            assertThat(call.leg().events()).noneMatch(e -> e instanceof RecordingCallLeg.Dtmf);
            assertThat(logs.failures()).isEmpty();
        }
    }
}
