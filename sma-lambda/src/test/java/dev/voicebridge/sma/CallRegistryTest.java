package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegState;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import dev.voicebridge.sma.testing.InMemoryRegistryInitializer;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every event updates the call-status record, through whichever CallRegistry bean a registry module provides. */
class CallRegistryTest {

    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() {
        // A registry module's initializer, found through META-INF/spring.factories, adds its CallRegistry bean
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put(InMemoryRegistryInitializer.ENABLED, "true");
        lambda = SmaLambda.start(env);
    }

    @Test
    void shouldRecordTheCallFromArrivalToEndInTheProvidedRegistry() {
        // Given a registry bean provided by the deployment
        SmaCall call = new SmaCall(lambda, "registry-lifecycle");

        // When a call is bridged, retried once, connected and hung up by the caller
        call.send("new-inbound-call");
        call.send("action-failed-call-and-bridge");
        call.send("action-successful-call-and-bridge");
        call.send("hangup-leg-a");
        call.send("hangup-leg-b-both-gone");

        // Then its record tells the whole story under the SMA TransactionId
        CallStatus status =
                InMemoryRegistryInitializer.REGISTRY.find(call.transactionId()).orElseThrow();
        assertThat(status.smaTransactionId()).isEqualTo(call.transactionId());
        assertThat(status.from()).isEqualTo("+15105550101");
        assertThat(status.to()).isEqualTo("+12065550100");
        assertThat(status.sipMediaApplicationId()).isEqualTo("a1b2c3d4-e5f6-4789-8abc-def012345678");
        assertThat(status.history())
                .extracting(StateChange::state)
                .containsExactly(
                        CallState.RINGING,
                        CallState.BRIDGING,
                        CallState.BRIDGING,
                        CallState.CONNECTED,
                        CallState.ENDED);
        assertThat(status.history())
                .extracting(StateChange::reason)
                .containsExactly(
                        "call arrived",
                        "inbound call, bridging to the gateway",
                        "bridge attempt 1 failed (CallNotAnswered), retrying",
                        "gateway answered (attempt 2)",
                        "LEG-A hung up (SIP 0)");
        assertThat(status.endReason()).isEqualTo("LEG-A hung up (SIP 0)");
        assertThat(status.legs())
                .extracting(l -> l.role() + ":" + l.state())
                .containsExactly(
                        LegRole.PSTN + ":" + LegState.DISCONNECTED, LegRole.GATEWAY + ":" + LegState.DISCONNECTED);
    }

    @Test
    void shouldEndABusyOrUnansweredOutboundCallWithTheReason() {
        // Given two calls placed through the calls API, ringing
        SmaCall busy = new SmaCall(lambda, "registry-outbound-busy");
        SmaCall unanswered = new SmaCall(lambda, "registry-outbound-unanswered");
        for (SmaCall call : new SmaCall[] {busy, unanswered}) {
            call.send("new-outbound-call-placed-by-api");
            call.send("ringing");
        }

        // When the first number is busy and the second never answers
        busy.send("hangup-outbound-busy");
        unanswered.send(
                "hangup-outbound-busy",
                e -> e.withObject("ActionData").withObject("Parameters").put("SipResponseCode", "480"));

        // Then each ends in the registry with a reason the application can act on
        CallStatus busyStatus =
                InMemoryRegistryInitializer.REGISTRY.find(busy.transactionId()).orElseThrow();
        assertThat(busyStatus.state()).isEqualTo(CallState.ENDED);
        assertThat(busyStatus.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(busyStatus.endReason()).isEqualTo("outbound call busy (SIP 486)");
        assertThat(InMemoryRegistryInitializer.REGISTRY
                        .find(unanswered.transactionId())
                        .orElseThrow()
                        .endReason())
                .isEqualTo("outbound call not answered (SIP 480)");
    }

    @Test
    void shouldNotRecordARetriedInvocationTwice() {
        // Given a call whose first event was recorded
        SmaCall call = new SmaCall(lambda, "registry-retry");
        call.send("new-inbound-call");
        long version = InMemoryRegistryInitializer.REGISTRY
                .find(call.transactionId())
                .orElseThrow()
                .version();

        // When the SMA retries that invocation
        call.resendLastRaw();

        // Then the record is unchanged
        assertThat(InMemoryRegistryInitializer.REGISTRY
                        .find(call.transactionId())
                        .orElseThrow()
                        .version())
                .isEqualTo(version);
    }

    @Test
    void shouldRecordATransferAsItsOwnLeg() {
        // Given a bridged call
        SmaCall call = new SmaCall(lambda, "registry-transfer");
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");

        // When the gateway transfers the caller and the number answers
        call.send("call-update-requested", SmaCall.arguments(Map.of("command", "transfer", "to", "+14155550123")));
        call.send("hangup-leg-b");
        call.send("action-successful-transfer-bridge");

        // Then the record shows the move and the three legs
        CallStatus status =
                InMemoryRegistryInitializer.REGISTRY.find(call.transactionId()).orElseThrow();
        assertThat(status.state()).isEqualTo(CallState.CONNECTED);
        assertThat(status.history())
                .extracting(StateChange::state)
                .containsExactly(
                        CallState.RINGING,
                        CallState.BRIDGING,
                        CallState.CONNECTED,
                        CallState.TRANSFERRING,
                        CallState.CONNECTED);
        assertThat(status.legs())
                .extracting(l -> l.role() + ":" + l.state())
                .containsExactly("PSTN:CONNECTED", "GATEWAY:DISCONNECTED", "TRANSFER:CONNECTED");
    }
}
