package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The optional greeting before the bridge (off by default, as GatewayInboundFlowTest shows). */
class GreetingTest {

    private static final String LEG_A = "6c1e2f3a-4b5c-4d6e-8f70-819203a4b5c6";

    @Test
    void shouldSpeakTheConfiguredGreetingWithTheConfiguredVoiceBeforeBridging() {
        // Given a spoken greeting and a British voice
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("GREETING_TEXT", "Thanks for calling. Connecting you to our assistant.");
        env.put("SPEAK_VOICE_ID", "Amy");
        env.put("SPEAK_LANGUAGE_CODE", "en-GB");
        env.put("SPEAK_ENGINE", "standard");
        SmaCall call = new SmaCall(SmaLambda.start(env), "greeting-speak");

        // When a call arrives
        JsonNode response = call.send("new-inbound-call");

        // Then the caller hears the greeting, then the bridge runs
        assertThat(response.at("/Actions/0")).isEqualTo(Json.parse("""
                {"Type":"Speak","Parameters":{"CallId":"%s","Text":"Thanks for calling. Connecting you to our assistant.",
                  "Engine":"standard","LanguageCode":"en-GB","VoiceId":"Amy"}}""".formatted(LEG_A)));
        assertThat(response.at("/Actions/1/Type").asString()).isEqualTo("CallAndBridge");
        assertThat(response.at("/Actions/1/Parameters/Endpoints/0/Uri").asString())
                .isEqualTo(CallToken.of(call.transactionId()));
        assertThat(response.get("Actions")).hasSize(2);
    }

    @Test
    void shouldPlayTheConfiguredRecordingBeforeBridging() {
        // Given a recorded greeting in S3
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("GREETING_AUDIO_BUCKET", "voicebridge-prompts");
        env.put("GREETING_AUDIO_KEY", "welcome.wav");
        SmaCall call = new SmaCall(SmaLambda.start(env), "greeting-play");

        // When a call arrives
        JsonNode response = call.send("new-inbound-call");

        // Then the recording plays on the caller's leg, then the bridge runs
        assertThat(response.at("/Actions/0")).isEqualTo(Json.parse("""
                {"Type":"PlayAudio","Parameters":{"CallId":"%s",
                  "AudioSource":{"Type":"S3","BucketName":"voicebridge-prompts","Key":"welcome.wav"}}}""".formatted(LEG_A)));
        assertThat(response.at("/Actions/1/Type").asString()).isEqualTo("CallAndBridge");
        assertThat(response.get("Actions")).hasSize(2);
    }
}
