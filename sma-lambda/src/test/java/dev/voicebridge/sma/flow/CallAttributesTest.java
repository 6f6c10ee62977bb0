package dev.voicebridge.sma.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.event.SmaEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallAttributesTest {

    private static SmaEvent eventWithAttributes(Map<String, String> attributes) {
        StringBuilder json = new StringBuilder("{");
        attributes.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
        json.append('}');
        return SmaJson.parseEvent("""
                {"SchemaVersion":"1.0","Sequence":5,"InvocationEventType":"HANGUP","CallDetails":{"TransactionId":"tx",
                 "TransactionAttributes":%s,"Participants":[]}}""".formatted(json));
    }

    @Test
    void shouldNeverWriteMoreThanTheTenAttributesTheSmaAccepts() {
        // Given a call that arrives with 12 attributes set by someone else
        Map<String, String> foreign = new LinkedHashMap<>();
        for (int i = 1; i <= 12; i++) {
            foreign.put("other" + i, "v" + i);
        }
        CallAttributes attrs = CallAttributes.of(eventWithAttributes(foreign));

        // When this Lambda adds its own state
        Map<String, String> written =
                attrs.withPhase(Phase.BRIDGING).withAttempt(1).toMap();

        // Then its own keys are kept and the total stays at 10
        assertThat(written)
                .hasSize(CallAttributes.MAX_KEYS)
                .containsEntry("vbPhase", "BRIDGING")
                .containsEntry("vbAttempt", "1");
    }

    @Test
    void shouldReadBackWhatItWrote() {
        // Given attributes written by this Lambda
        CallAttributes written = CallAttributes.none()
                .withPhase(Phase.TRANSFERRING)
                .withAttempt(2)
                .withHungUp("leg-b-1")
                .withHungUp("leg-b-2")
                .withMeeting("m-1", "a-1")
                .withTransferTo("+14155550123");

        // When the SMA hands them back
        CallAttributes read = CallAttributes.of(eventWithAttributes(written.toMap()));

        // Then nothing is lost
        assertThat(read).isEqualTo(written);
    }

    @Test
    void shouldTreatUnreadableValuesAsAbsent() {
        // Given attributes this Lambda cannot read (an older or foreign format)
        CallAttributes read =
                CallAttributes.of(eventWithAttributes(Map.of("vbPhase", "SOMETHING_ELSE", "vbAttempt", "two")));

        // Then the call is not broken by them
        assertThat(read.phase()).isNull();
        assertThat(read.attempt()).isZero();
    }

    @Test
    void shouldKeepTheFirstReasonWhenTheCallKeepsEnding() {
        // Given a call ending because the bridge failed
        CallAttributes ending = CallAttributes.none().endingBecause("gateway unreachable");

        // When the hang-ups that follow give their own reasons
        CallAttributes later = ending.endingBecause("LEG-A hung up");

        // Then the cause is kept
        assertThat(later.endReason()).isEqualTo("gateway unreachable");
    }
}
