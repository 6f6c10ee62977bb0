package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.voicebridge.gateway.logging.LogCapture;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A gateway whose call registry table does not exist: the API says so, and nothing is a stack trace. */
class RegistryUnavailableTest {

    @Test
    void shouldAnswer503NamingTheMissingTableWithoutAStackTrace() {
        // Given a gateway pointed at a registry table nobody created (a typo in CALL_REGISTRY_TABLE)
        String missing = "calls-never-created-" + UUID.randomUUID();
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        try (RealtimeSimulator azure =
                        RealtimeSimulator.start(SimulatorOptions.builder().build());
                GatewayRun gateway = new GatewayRun(
                        azure,
                        Map.of(
                                "voicebridge.registry.table",
                                missing,
                                "voicebridge.registry.endpoint",
                                SharedTables.endpoint().toString(),
                                "aws.region",
                                "us-east-1"));
                LogCapture logs = LogCapture.start()) {
            // When an operator lists the calls and asks for one
            HttpResponse<String> list = gateway.http.get("/api/calls", AdminApplicationTest.ADMIN_TOKEN);
            HttpResponse<String> one = gateway.http.get("/api/calls/tx-1", AdminApplicationTest.ADMIN_TOKEN);

            // Then each is a 503 problem naming the table and the setting, with when to retry
            for (HttpResponse<String> r : List.of(list, one)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(r).path("detail").asString())
                        .isEqualTo("call registry table '" + missing + "' does not exist (CALL_REGISTRY_TABLE):"
                                + " create it (infra) or fix the name");
            }
            // And the gateway's log has one WARN saying the same, and no stack trace or ERROR (DynamoDB
            // Local, in this JVM, logs its own)
            assertThat(logs.failures())
                    .allSatisfy(line -> assertThat(line).contains("com.amazonaws.services.dynamodbv2.local"));
            assertThat(logs.messages("dev.voicebridge.gateway.admin.api.RegistryUnavailableProblems", Level.WARN))
                    .singleElement()
                    .asString()
                    .contains(missing);
        }
    }
}
