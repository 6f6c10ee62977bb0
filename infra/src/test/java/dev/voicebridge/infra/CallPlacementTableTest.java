package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The placed-calls table the gateways share (prompts and Idempotency-Keys of POST /api/calls): keyed
 * by one string, encrypted, expired by TTL, named in the gateway's environment.
 */
class CallPlacementTableTest {

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of()));
    }

    @Test
    void shouldKeyItemsByOneStringWithTtlAndEncryption() {
        String table = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallPlacements");
        assertThat(properties(view.resources().get(table)))
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")))
                .containsEntry("BillingMode", "PAY_PER_REQUEST")
                .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))
                .containsEntry("SSESpecification", Map.of("SSEEnabled", true));
    }

    @Test
    void shouldNameTheTableInTheGatewaysEnvironment() {
        String table = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallPlacements");
        String script = TemplateView.render(((Map<?, ?>) properties(view.resources()
                                .get(view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance")))
                        .get("UserData"))
                .get("Fn::Base64"));
        assertThat(script).contains("CALL_PLACEMENT_TABLE=@Ref(" + table + ")");
    }
}
