package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.voicebridge.sma.config.InvalidConfigurationException;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up checks: the Lambda refuses, with a clear message, a configuration that would loop or fail calls. */
class ConfigurationRefusalTest {

    @Test
    void shouldRefuseToStartWhenTheBridgeTargetIsTheVoiceConnectorThatFeedsThisSma() {
        // Given the gateway Voice Connector set to the one whose calls reach this SMA
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("GATEWAY_VOICE_CONNECTOR_ARN", SmaLambda.INBOUND_VC);

        // When the Lambda starts
        InvalidConfigurationException refused = refusal(env);

        // Then it refuses, naming the loop and both variables
        assertThat(refused.problems())
                .singleElement()
                .asString()
                .contains("routing loop", "GATEWAY_VOICE_CONNECTOR_ARN", "SMA_INBOUND_VOICE_CONNECTOR_ARN");
    }

    @Test
    void shouldRefuseALoopHiddenInAListOfInboundVoiceConnectorsWrittenInAnotherCase() {
        // Given several inbound Voice Connectors, one of them the gateway's (written in upper case)
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put(
                "SMA_INBOUND_VOICE_CONNECTOR_ARN",
                SmaLambda.INBOUND_VC + ", " + "arn:aws:chime:us-east-1:123456789012:vc/GATEWAYVC0000000000001");

        // When the Lambda starts
        InvalidConfigurationException refused = refusal(env);

        // Then the loop is found
        assertThat(refused.getMessage()).contains("routing loop");
    }

    @Test
    void shouldRefuseABridgeTargetThatIsNotAVoiceConnectorArn() {
        // Given a target that is a SIP URI, and another that is a Lambda ARN
        for (String target :
                new String[] {"sip:gateway.example.com:5060", "arn:aws:lambda:us-east-1:123456789012:function:gateway"
                }) {
            Map<String, String> env = SmaLambda.gatewayEnv();
            env.put("GATEWAY_VOICE_CONNECTOR_ARN", target);

            // When the Lambda starts
            InvalidConfigurationException refused = refusal(env);

            // Then it refuses, saying what a valid target is
            assertThat(refused.getMessage()).as(target).contains("is not a Voice Connector ARN", target);
        }
    }

    @Test
    void shouldRefuseGatewayModeWithoutAGatewayVoiceConnector() {
        // Given gateway mode without its Voice Connector
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("GATEWAY_VOICE_CONNECTOR_ARN", "");

        // When the Lambda starts
        InvalidConfigurationException refused = refusal(env);

        // Then it says what is missing
        assertThat(refused.getMessage()).contains("GATEWAY_VOICE_CONNECTOR_ARN is required when CALL_MODE=gateway");
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        // Given several wrong settings
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("FAILURE_SIP_RESPONSE_CODE", "503");
        env.put("BRIDGE_RETRIES", "9");
        env.put("INVOCATION_BUDGET_MS", "6000");
        env.put("GREETING_AUDIO_BUCKET", "prompts");
        env.put("TRANSFER_CALLER_ID", "2065550100");

        // When the Lambda starts
        InvalidConfigurationException refused = refusal(env);

        // Then all of them are named in one go
        assertThat(refused.problems()).hasSize(5);
        assertThat(refused.getMessage())
                .contains(
                        "FAILURE_SIP_RESPONSE_CODE=503",
                        "BRIDGE_RETRIES=9",
                        "INVOCATION_BUDGET_MS=6000",
                        "GREETING_AUDIO_BUCKET and GREETING_AUDIO_KEY",
                        "TRANSFER_CALLER_ID='2065550100'");
    }

    @Test
    void shouldStartInMeetingModeWithoutAGatewayVoiceConnector() {
        // Given meeting mode and no gateway Voice Connector
        Map<String, String> env = Map.of("CALL_MODE", "meeting");

        // When the Lambda starts and a DIGITS_RECEIVED arrives
        SmaLambda lambda = SmaLambda.start(env);

        // Then it runs
        assertThat(new SmaCall(lambda, "meeting-no-gateway").send("digits-received"))
                .isEqualTo(Json.parse("""
                        {"SchemaVersion":"1.0","Actions":[]}"""));
    }

    private static InvalidConfigurationException refusal(Map<String, String> env) {
        Throwable thrown = catchThrowable(() -> SmaLambda.start(env));
        assertThat(thrown).as("the Lambda should refuse to start").isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException refused) {
                assertThat(refused.getMessage()).startsWith("VoiceBridge SMA Lambda refuses to start");
                return refused;
            }
        }
        throw new AssertionError("no InvalidConfigurationException in the start-up failure", thrown);
    }
}
