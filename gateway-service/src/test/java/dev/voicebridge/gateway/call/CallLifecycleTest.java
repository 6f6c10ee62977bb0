package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission, draining and the end of calls: nothing leaks, whoever ends the call. */
class CallLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldLeaveNoAzureSessionOpenAfterOneHundredSequentialCalls() throws Exception {
        // Given a gateway and Azure
        try (RealtimeSimulator azure = RealtimeSimulator.start();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s)) {

            // When 100 calls come and go, half hung up by the caller and half by the gateway
            for (int i = 0; i < 100; i++) {
                TestGateway.Call call = gateway.call();
                call.awaitReady();
                call.say(Speech.ulawVoiced(40));
                if (i % 2 == 0) {
                    call.listener().onLegEnded(EndReason.CALLER_HANGUP);
                } else {
                    gateway.sessions.hangUp(call.id(), EndReason.ADMIN_HANGUP);
                    assertThat(call.leg().hangUpReason()).isEqualTo(EndReason.ADMIN_HANGUP);
                }
            }

            // Then every Azure session was closed by the gateway, and no call is left on the clock
            azure.awaitNoOpenSessions(WAIT);
            assertThat(azure.sessions()).hasSize(100);
            for (SessionRecord session : azure.sessions()) {
                assertThat(session.close().byServer()).isFalse();
                assertThat(session.close().code()).isEqualTo(1000);
            }
            assertThat(gateway.sessions.liveCount()).isZero();
            assertThat(gateway.sessions.clock().members()).isZero();
            assertThat(gateway.sessions.accepting()).isTrue();
        }
    }

    @Test
    void shouldRefuseCallsBeyondTheLimitAndWhileDraining() throws Exception {
        // Given a gateway that takes two calls
        try (RealtimeSimulator azure = RealtimeSimulator.start();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
                    s.maxCalls = 2;
                    return s;
                })) {
            List<TestGateway.Call> calls = new ArrayList<>();
            calls.add(gateway.call());
            calls.add(gateway.call());

            // When a third comes in, it is refused as at capacity
            assertThat(gateway.sessions.accepting()).isFalse();
            assertThatThrownBy(gateway::call)
                    .isInstanceOfSatisfying(
                            CallRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.AT_CAPACITY));

            // And once one ends there is room again
            calls.get(0).listener().onLegEnded(EndReason.CALLER_HANGUP);
            assertThat(gateway.sessions.accepting()).isTrue();
            calls.add(gateway.call());

            // When the gateway drains, new calls are refused while live ones go on
            gateway.sessions.setDraining(true);
            calls.get(0).listener().onLegEnded(EndReason.CALLER_HANGUP);
            assertThatThrownBy(gateway::call)
                    .isInstanceOfSatisfying(
                            CallRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(CallRejectedException.Reason.DRAINING));
            assertThat(gateway.sessions.liveCount()).isEqualTo(2);
            assertThat(calls.get(2).session().ended()).isFalse();
        }
    }
}
