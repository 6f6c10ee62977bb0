package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.LogCapture;
import dev.voicebridge.sma.testing.SmaLambda;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Events the Lambda cannot act on, through the real FunctionInvoker: each gets the safest valid
 * answer and one WARN line giving the reason, never an ERROR. An ERROR is for what needs a person
 * (the SMA rejecting our answer, a bug, a gateway that cannot be reached); a malformed event is the
 * sender's mistake, and an alarm on it would page someone for nothing they can fix.
 */
class MalformedEventsTest {

    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() {
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "malformed                       | []                                                                      | not valid JSON",
                "not-an-sma-event                | []                                                                      | no InvocationEventType",
                "call-details-not-an-object      | []                                                                      | CallDetails must be a JSON object",
                "new-inbound-call-without-leg-a  | [{\"Type\":\"Hangup\",\"Parameters\":{\"ParticipantTag\":\"LEG-A\",\"SipResponseCode\":480}}] | without a LEG-A CallId",
                "call-answered-without-leg-a     | []                                                                      | without a LEG-A CallId"
            })
    void shouldAnswerAnEventItCannotActOnSafelyAndLogTheReasonAsAWarning(
            String fixture, String actions, String reason) {
        try (LogCapture logs = LogCapture.start()) {
            // Given an event that is not JSON, not an SMA event, or lacks the caller's leg
            // When the SMA invokes the Lambda with it
            JsonNode response = Json.parse(lambda.invokeRaw(Json.fixtureBytes(fixture + ".json")));

            // Then the answer is valid and the safest there is (nothing, or releasing a caller
            // nobody can be bridged to), and the reason is one WARN line, not an ERROR
            assertThat(response.get("SchemaVersion").asString()).isEqualTo("1.0");
            assertThat(response.get("Actions")).isEqualTo(Json.parse(actions));
            assertThat(logs.atLeast(Level.WARN))
                    .anySatisfy(line -> assertThat(line).startsWith("WARN").contains(reason));
            assertThat(logs.failures()).isEmpty();
        }
    }
}
