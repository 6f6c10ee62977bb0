package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.RtpProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The sip / rtp section of application.yml binds to validated records, environment variables included. */
class SipPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SipProperties.class, RtpProperties.class})
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void shouldBindTheDefaultsOfApplicationYml() {
        // Given no environment variables
        // When the context starts
        runner.run(context -> {
            // Then the documented defaults apply
            SipProperties sip = context.getBean(SipProperties.class);
            RtpProperties rtp = context.getBean(RtpProperties.class);
            assertThat(sip.port()).isEqualTo(5060);
            assertThat(sip.transports())
                    .containsExactlyInAnyOrder(SipProperties.Transport.UDP, SipProperties.Transport.TCP);
            assertThat(sip.allowedCidrs()).allSatisfy(c -> assertThat(c).isBlank());
            assertThat(sip.codecs()).containsExactly(AudioFormat.Encoding.PCMU, AudioFormat.Encoding.PCMA);
            assertThat(rtp.portMin()).isEqualTo(20000);
            assertThat(rtp.portMax()).isEqualTo(29999);
            assertThat(rtp.mediaTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(sip.tcpReadTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(sip.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void shouldTakeEnvironmentVariables() {
        // Given the operator's environment
        runner.withPropertyValues(
                        "GATEWAY_SIP_PORT=5080",
                        "GATEWAY_SIP_TRANSPORTS=TCP",
                        "GATEWAY_SIP_ALLOWED_CIDRS=3.80.16.0/23,99.77.253.0/24",
                        "GATEWAY_PUBLIC_ADDRESS=203.0.113.10",
                        "GATEWAY_RTP_PORT_MIN=40000",
                        "GATEWAY_RTP_PORT_MAX=40100",
                        "GATEWAY_MEDIA_TIMEOUT=10s",
                        "GATEWAY_SIP_TCP_READ_TIMEOUT=3s",
                        "GATEWAY_SIP_TCP_IDLE_TIMEOUT=2m")
                // When the context starts
                .run(context -> {
                    // Then they are bound
                    SipProperties sip = context.getBean(SipProperties.class);
                    RtpProperties rtp = context.getBean(RtpProperties.class);
                    assertThat(sip.port()).isEqualTo(5080);
                    assertThat(sip.transports()).isEqualTo(Set.of(SipProperties.Transport.TCP));
                    assertThat(sip.allowedCidrs()).isEqualTo(List.of("3.80.16.0/23", "99.77.253.0/24"));
                    assertThat(sip.publicAddress()).isEqualTo("203.0.113.10");
                    assertThat(rtp.pairCapacity()).isEqualTo(50);
                    assertThat(rtp.mediaTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(sip.tcpReadTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(sip.tcpIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void shouldRefuseToStartWithInvalidSettings() {
        // Given a bad CIDR, an empty RTP range, no TCP read timeout, or an idle timeout under the read timeout
        // When the context starts
        // Then start-up fails naming the setting
        runner.withPropertyValues("GATEWAY_SIP_ALLOWED_CIDRS=10.0.0.0/40")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("allowed-cidrs"));
        runner.withPropertyValues("GATEWAY_RTP_PORT_MIN=30000", "GATEWAY_RTP_PORT_MAX=30000")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("port-min"));
        runner.withPropertyValues("GATEWAY_SIP_TCP_READ_TIMEOUT=0s")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tcp-read-timeout"));
        runner.withPropertyValues("GATEWAY_SIP_TCP_READ_TIMEOUT=20s", "GATEWAY_SIP_TCP_IDLE_TIMEOUT=5s")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tcp-idle-timeout"));
    }
}
