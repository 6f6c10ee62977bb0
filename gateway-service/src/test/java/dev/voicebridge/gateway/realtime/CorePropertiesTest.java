package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.CallProperties;
import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import dev.voicebridge.gateway.tools.ToolProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The environment variables in application.yml bind to the typed, validated properties. */
class CorePropertiesTest {

    @Configuration
    @EnableConfigurationProperties({RealtimeProperties.class, CallProperties.class, ToolProperties.class})
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void shouldDefaultToGaMuLawPassthroughAndPhoneFriendlyVad() {
        runner.run(context -> {
            RealtimeProperties rt = context.getBean(RealtimeProperties.class);
            assertThat(rt.configured()).isFalse();
            assertThat(RealtimeProtocol.forApiVersion(rt.apiVersion())).isInstanceOf(RealtimeProtocol.Ga.class);
            assertThat(rt.audio()).isEqualTo(RealtimeProperties.AudioMode.PASSTHROUGH);
            assertThat(rt.vad().toTurnDetection())
                    .isEqualTo(new TurnDetection(TurnDetection.Type.SERVER_VAD, 0.6, 300, 500, "auto", true, true));
            assertThat(rt.resilience().rolloverAfter()).isEqualTo(Duration.ofMinutes(28));
            assertThat(context.getBean(CallProperties.class).maxCalls()).isEqualTo(200);
            assertThat(context.getBean(ToolProperties.class).chimeEndpoint()).isNull();
        });
    }

    @Test
    void shouldBindTheEnvironmentAndNeverShowTheKey() {
        runner.withPropertyValues(
                        "AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com",
                        "AZURE_OPENAI_API_KEY=sk-very-secret",
                        "AZURE_OPENAI_API_VERSION=2025-04-01-preview",
                        "AZURE_OPENAI_VAD=SEMANTIC_VAD",
                        "AZURE_OPENAI_VAD_THRESHOLD=0.8",
                        "GATEWAY_MAX_CALLS=1000",
                        "AZURE_OPENAI_AUDIO=PCM16",
                        "GATEWAY_CHIME_ENDPOINT=http://127.0.0.1:9999")
                .run(context -> {
                    RealtimeProperties rt = context.getBean(RealtimeProperties.class);
                    assertThat(rt.configured()).isTrue();
                    assertThat(RealtimeProtocol.forApiVersion(rt.apiVersion()))
                            .isInstanceOf(RealtimeProtocol.Preview.class);
                    assertThat(rt.vad().type()).isEqualTo(TurnDetection.Type.SEMANTIC_VAD);
                    assertThat(rt.vad().threshold()).isEqualTo(0.8);
                    assertThat(rt.audio()).isEqualTo(RealtimeProperties.AudioMode.PCM16);
                    assertThat(context.getBean(CallProperties.class).maxCalls()).isEqualTo(1000);
                    assertThat(rt.apiKey()).isEqualTo("sk-very-secret");
                    assertThat(rt.toString()).doesNotContain("sk-very-secret").contains("apiKey=***");
                });
    }

    @Test
    void shouldWireTheConnectorWithAnEntraTokenSupplierBeanWhenOneIsDeclared() {
        runner.withUserConfiguration(RealtimeConnector.class)
                .withBean(AccessTokenSupplier.class, () -> () -> reactor.core.publisher.Mono.just("token"))
                .withPropertyValues("AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com")
                .run(context -> assertThat(
                                context.getBean(RealtimeConnector.class).uri().toString())
                        .isEqualTo("wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime"));
    }

    @Test
    void shouldRefuseToStartWithAnImpossibleSetting() {
        runner.withPropertyValues("AZURE_OPENAI_VAD_THRESHOLD=1.5")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("1.5"));
    }
}
