package dev.voicebridge.model.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.event.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallStatusTest {

    // fixed instant: the status is a value; nothing here compares it with now, and the JSON test reads it back.
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** The state machine the Lambda and the gateway agree on. */
    private static final Map<CallState, Set<CallState>> LEGAL = Map.of(
            CallState.RINGING, Set.of(CallState.BRIDGING, CallState.CONNECTED, CallState.ENDED),
            CallState.BRIDGING, Set.of(CallState.BRIDGING, CallState.CONNECTED, CallState.ENDED),
            CallState.CONNECTED, Set.of(CallState.TRANSFERRING, CallState.ENDED),
            CallState.TRANSFERRING, Set.of(CallState.CONNECTED, CallState.ENDED),
            CallState.ENDED, Set.of());

    static List<Arguments> legalTransitions() {
        List<Arguments> result = new ArrayList<>();
        LEGAL.forEach((from, targets) -> targets.forEach(to -> result.add(arguments(from, to))));
        return result;
    }

    static List<Arguments> illegalTransitions() {
        List<Arguments> result = new ArrayList<>();
        for (CallState from : CallState.values()) {
            for (CallState to : CallState.values()) {
                if (!LEGAL.get(from).contains(to)) {
                    result.add(arguments(from, to));
                }
            }
        }
        return result;
    }

    private static CallStatus in(CallState state) {
        CallStatus status = CallStatus.started("tx-1", "sma-1", "+15105550101", "+12065550100", Direction.INBOUND, T0);
        List<CallState> path = switch (state) {
            case RINGING -> List.of();
            case BRIDGING -> List.of(CallState.BRIDGING);
            case CONNECTED -> List.of(CallState.CONNECTED);
            case TRANSFERRING -> List.of(CallState.CONNECTED, CallState.TRANSFERRING);
            case ENDED -> List.of(CallState.ENDED);
        };
        for (CallState step : path) {
            status = status.transitionTo(step, T0, "setup");
        }
        return status;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("legalTransitions")
    void shouldAllowEveryLegalTransition(CallState from, CallState to) {
        // Given
        CallStatus before = in(from);
        Instant at = T0.plusSeconds(5);

        // When
        CallStatus after = before.transitionTo(to, at, "because");

        // Then
        assertThat(after.state()).isEqualTo(to);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.updatedAt()).isEqualTo(at);
        assertThat(after.history())
                .endsWith(new StateChange(to, at, "because"))
                .hasSize(before.history().size() + 1);
        assertThat(before.state()).as("the original is unchanged").isEqualTo(from);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("illegalTransitions")
    void shouldRejectEveryIllegalTransitionNamingBothStates(CallState from, CallState to) {
        CallStatus before = in(from);

        assertThatThrownBy(() -> before.transitionTo(to, T0, "nope"))
                .isInstanceOfSatisfying(IllegalCallTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from);
                    assertThat(e.to()).isEqualTo(to);
                    assertThat(e.callId()).isEqualTo("tx-1");
                })
                .hasMessageStartingWith("call tx-1 cannot go from " + from + " to " + to);
    }

    @Test
    void shouldStartRingingWithTheSmaTransactionIdAsCallId() {
        CallStatus status = CallStatus.started("tx-9", "sma-1", "+15105550101", "+12065550100", Direction.INBOUND, T0);

        assertThat(status.callId()).isEqualTo("tx-9");
        assertThat(status.smaTransactionId()).isEqualTo("tx-9");
        assertThat(status.state()).isEqualTo(CallState.RINGING);
        assertThat(status.version()).isEqualTo(1);
        assertThat(status.history()).containsExactly(new StateChange(CallState.RINGING, T0, "call arrived"));
        assertThat(status.endReason()).isNull();
    }

    @Test
    void shouldRecordTheEndReasonOfAFinishedCall() {
        CallStatus ended = in(CallState.CONNECTED).transitionTo(CallState.ENDED, T0.plusSeconds(60), "caller hung up");

        assertThat(ended.isEnded()).isTrue();
        assertThat(ended.endReason()).isEqualTo("caller hung up");
        assertThat(ended.history())
                .extracting(StateChange::state)
                .containsExactly(CallState.RINGING, CallState.CONNECTED, CallState.ENDED);
    }

    @Test
    void shouldAddAndReplaceLegsById() {
        CallStatus status = in(CallState.BRIDGING)
                .withLeg(LegStatus.ringing("leg-a", LegRole.PSTN, T0), T0)
                .withLeg(LegStatus.ringing("leg-b", LegRole.GATEWAY, T0), T0);

        CallStatus connected =
                status.withLeg(status.leg(LegRole.GATEWAY).orElseThrow().connected(), T0.plusSeconds(1));

        assertThat(connected.legs()).extracting(LegStatus::legId).containsExactly("leg-a", "leg-b");
        assertThat(connected.leg(LegRole.GATEWAY).orElseThrow().state()).isEqualTo(LegState.CONNECTED);
        assertThat(connected.version()).isEqualTo(status.version() + 1);
    }

    @Test
    void shouldSerializeToJsonAndBack() {
        CallStatus status = in(CallState.CONNECTED)
                .withLeg(LegStatus.ringing("leg-a", LegRole.PSTN, T0).connected(), T0);

        String json = SmaJson.mapper().writeValueAsString(status);

        assertThat(SmaJson.mapper().readValue(json, CallStatus.class)).isEqualTo(status);
        assertThat(json).contains("\"createdAt\":\"2026-01-01T10:00:00Z\"");
    }
}
