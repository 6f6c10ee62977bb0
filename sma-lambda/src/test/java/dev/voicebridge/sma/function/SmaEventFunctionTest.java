package dev.voicebridge.sma.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmaEventFunctionTest {

    @Test
    void shouldRedactJoinTokensFromAResponseItLogs() {
        // Given a rejected response that joined a meeting
        String rejected = """
                {"SchemaVersion":"1.0","Actions":[{"Type":"JoinChimeMeeting","Parameters":{"JoinToken" : "c2VjcmV0","CallId":"a"}}]}""";

        // When it is prepared for the log
        String logged = SmaEventFunction.redact(rejected);

        // Then the token is gone and everything else is kept
        assertThat(logged).doesNotContain("c2VjcmV0").isEqualTo("""
                        {"SchemaVersion":"1.0","Actions":[{"Type":"JoinChimeMeeting","Parameters":{"JoinToken" : "<redacted>","CallId":"a"}}]}""");
    }
}
