package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.simulator.RealtimeSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway application as deployed, with SIP on: a Voice Connector call (SIPp) lands in
 * the call registry under the SMA's TransactionId, with the SMA id from the bridge's X- headers, so
 * the Lambda, the admin API and the hang-up/transfer tools all find it.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SipApplicationTest {

    static final RealtimeSimulator AZURE = RealtimeSimulator.start();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        int rtp = 45000 + ThreadLocalRandom.current().nextInt(0, 50) * 100;
        registry.add("voicebridge.realtime.endpoint", AZURE::baseUrl);
        registry.add("voicebridge.realtime.api-key", AZURE::apiKey);
        registry.add("voicebridge.realtime.deployment", AZURE::deployment);
        registry.add("voicebridge.realtime.api-version", () -> "");
        registry.add("voicebridge.realtime.greet-first", () -> "false");
        registry.add("voicebridge.sip.port", () -> "0");
        registry.add("voicebridge.sip.bind-address", () -> "127.0.0.1");
        registry.add("voicebridge.rtp.port-min", () -> Integer.toString(rtp));
        registry.add("voicebridge.rtp.port-max", () -> Integer.toString(rtp + 99));
    }

    @BeforeAll
    static void needsSipp() {
        Sipp.requireInstalled();
    }

    @AfterAll
    static void stopAzure() {
        AZURE.close();
    }

    @Autowired
    SipConfiguration.SipEndpointLifecycle sip;

    @Autowired
    CallRegistry registry;

    @Test
    void shouldRecordTheBridgedCallUnderTheSmaTransactionId() throws Exception {
        // Given the running application with its SIP endpoint
        int port = sip.server().port();

        // When the Voice Connector bridges a call (X-VoiceBridge-* headers as the SMA Lambda sets them) and it ends
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-short-call.xml", port));
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();

        // Then the registry holds it under the SMA TransactionId, tied to the SMA, and ended
        await().atMost(Duration.ofSeconds(10)).until(() -> ended().isPresent());
        CallStatus status = ended().orElseThrow();
        assertThat(status.smaTransactionId()).isEqualTo(status.callId());
        assertThat(status.sipMediaApplicationId()).isEqualTo("sma-app-1");
        assertThat(status.from()).startsWith("+15550100");
        assertThat(sip.server().activeCalls()).isZero();
    }

    private Optional<CallStatus> ended() {
        List<CallStatus> calls = registry.list(Optional.of(CallState.ENDED), 10);
        return calls.stream().filter(c -> c.callId().startsWith("sma-txn-")).findFirst();
    }
}
