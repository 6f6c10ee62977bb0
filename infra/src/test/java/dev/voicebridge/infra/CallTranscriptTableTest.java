package dev.voicebridge.infra;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transcript table the gateways share: one item per turn, encrypted, expired by TTL. */
class CallTranscriptTableTest {

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of()));
    }

    @Test
    void shouldKeyTurnsByCallAndSequenceWithTtlAndEncryption() {
        view.template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "callId", "KeyType", "HASH"),
                                Map.of("AttributeName", "seq", "KeyType", "RANGE")),
                        "BillingMode",
                        "PAY_PER_REQUEST",
                        "TimeToLiveSpecification",
                        Map.of("AttributeName", "expiresAt", "Enabled", true),
                        "SSESpecification",
                        Map.of("SSEEnabled", true)));
    }
}
