package dev.voicebridge.scale;

import static dev.voicebridge.scale.AwsStandIn.drainSent;
import static dev.voicebridge.scale.AwsStandIn.heartbeats;
import static dev.voicebridge.scale.AwsStandIn.lifecycleCompleted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.registry.dynamodb.CallRegistryTables;
import dev.voicebridge.routes.RouteManagerHandler;
import dev.voicebridge.routes.RouteManagerSettings;
import dev.voicebridge.scale.DrainDocumentStandIn.Drained;
import dev.voicebridge.scale.VoiceConnectorStandIn.Target;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.testsupport.DynamoDbLocal;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import tools.jackson.databind.JsonNode;

/**
 * Scale-in, locally (issue 18): two gateway processes share a call registry on DynamoDB Local and
 * carry SIPp calls; the Auto Scaling group's terminate lifecycle event for one of them goes through
 * the real route manager (WireMock as Chime SDK Voice, Auto Scaling and SSM; DynamoDB Local for its
 * lock), which takes the host out of the origination routes and sends the drain command; the drain
 * stand-in does what the drain document does on the host (SIGTERM, heartbeats, completion). New
 * calls are routed by a Voice Connector stand-in from the routes as the route manager left them.
 */
class ScaleInTest {

    private static final String VOICE_CONNECTOR = "vc-gateways-1";
    private static final String GROUP = "voicebridge-gateways";
    private static final String LAUNCH_HOOK = "gateway-launch";
    private static final String TERMINATE_HOOK = "gateway-terminate";
    private static final String DRAIN_DOCUMENT = "VoiceBridge-DrainGateway";

    /** Two hosts on loopback addresses of their own, so both listen on the one SIP port every route names. */
    private static final String LEAVING_HOST = "127.0.0.2";

    private static final String STAYING_HOST = "127.0.0.3";
    private static final String LEAVING = "i-0leaving000000001";
    private static final String STAYING = "i-0staying000000002";

    /** Longer than any call: the drain must end because the calls did, not because time ran out. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(75);
    /**
     * Calls up before the scale-in: still talking while their gateway drains. Long enough for the
     * registry check and the route change between their answer and the drain on a loaded machine.
     */
    private static final Duration HELD_THROUGH_DRAIN = Duration.ofSeconds(20);

    private static final Duration NEW_CALL = Duration.ofSeconds(4);
    /** A start takes ~10 s on an idle 2-core machine; the shared build machine can be ten times slower. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    private final DynamoDbClient dynamo = DynamoDbLocal.client();
    private final RealtimeSimulator azure = RealtimeSimulator.start();
    /** Started once the gateways are starting: their start-up is the long pole, so the rest overlaps it. */
    private AwsStandIn aws;

    private final Map<String, GatewayProcess> hosts = new ConcurrentHashMap<>();
    private final List<SippCall> calls = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        calls.forEach(SippCall::kill);
        for (GatewayProcess gateway : hosts.values()) {
            gateway.close();
        }
        azure.close();
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void shouldDrainTheScaledInGatewayWithoutDroppingACallWhileNewCallsGoToTheOther() throws Exception {
        // Given two gateways on one call registry, both ready and joined to the routes by the route manager
        String registryTable = DynamoDbLocal.newTable("calls");
        int sipPort = freeUdpPort(LEAVING_HOST, STAYING_HOST);
        GatewayProcess leaving = startGateway("gateway-leaving", LEAVING_HOST, sipPort, 40000, registryTable);
        hosts.put(LEAVING, leaving);
        GatewayProcess staying = startGateway("gateway-staying", STAYING_HOST, sipPort, 40200, registryTable);
        hosts.put(STAYING, staying);
        // The registry is not read at start-up, only per call: its table can be made while they start
        CallRegistryTables.create(dynamo, registryTable, true);
        aws = new AwsStandIn();
        RouteManagerHandler routeManager = routeManager(sipPort);
        leaving.awaitReady(READY_WITHIN);
        staying.awaitReady(READY_WITHIN);
        // What each host's join script puts on EventBridge once its readiness is UP
        routeManager.handleRequest(ready(LEAVING, LEAVING_HOST), null);
        routeManager.handleRequest(ready(STAYING, STAYING_HOST), null);
        assertThat(routeHosts()).containsExactlyInAnyOrder(LEAVING_HOST, STAYING_HOST);
        assertThat(aws.count(lifecycleCompleted(LEAVING, LAUNCH_HOOK, "CONTINUE")))
                .isEqualTo(1);
        assertThat(aws.count(lifecycleCompleted(STAYING, LAUNCH_HOOK, "CONTINUE")))
                .isEqualTo(1);
        DrainDocumentStandIn agent =
                new DrainDocumentStandIn(DRAIN_DOCUMENT, hosts, aws.autoScaling(), Duration.ofSeconds(1));
        aws.onRunCommand(agent);

        // And four calls up, spread by the Voice Connector over both hosts
        VoiceConnectorStandIn voiceConnector = new VoiceConnectorStandIn(aws.chime(), VOICE_CONNECTOR);
        Map<String, SippCall> before = place(voiceConnector, "before", 4, sipPort, HELD_THROUGH_DRAIN);
        assertThat(before.values()).extracting(call -> call.host).containsOnly(LEAVING_HOST, STAYING_HOST);
        assertThat(before.values().stream().filter(call -> call.host.equals(LEAVING_HOST)))
                .hasSize(2);
        awaitConnected(staying, before.keySet());

        // When the Auto Scaling group terminates the leaving host (scale-in) and new calls keep coming
        routeManager.handleRequest(terminating(LEAVING), null);
        Map<String, SippCall> after = place(voiceConnector, "after", 3, sipPort, NEW_CALL);
        boolean leavingStillCarriedCalls = leaving.isAlive();
        Drained drained = agent.drain(LEAVING).get(DRAIN_TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);

        // Then the leaving host's route is gone and its drain was started once (route-manager's own
        // tests pin the order); every new call landed on the staying host while the leaving one was up
        assertThat(routeHosts()).containsExactly(STAYING_HOST);
        assertThat(aws.count(drainSent(LEAVING, DRAIN_DOCUMENT))).isEqualTo(1);
        assertThat(after.values()).extracting(call -> call.host).containsOnly(STAYING_HOST);
        assertThat(leavingStillCarriedCalls).isTrue();
        // And no call was dropped: each ran its whole scenario and the caller hung up
        for (SippCall call : calls) {
            assertThat(call.passed())
                    .as(
                            "call %s did not run its whole scenario (a gateway BYE is an Unexpected-Msg):%n%s",
                            call.callId, call.report())
                    .isTrue();
        }
        // And the leaving gateway drained its two live calls as they ended by themselves, and exited
        assertThat(leaving.logText())
                .contains("drain started: 2 live calls")
                .contains("drain finished: 0 calls ended at the timeout");
        assertThat(drained.took()).isLessThan(DRAIN_TIMEOUT);
        // And its host kept the termination waiting with heartbeats until then, and only then let it go on
        assertThat(aws.count(heartbeats(LEAVING, TERMINATE_HOOK))).isGreaterThanOrEqualTo(2);
        assertThat(aws.count(lifecycleCompleted(LEAVING, TERMINATE_HOOK, "CONTINUE")))
                .isEqualTo(1);
        // And the registry, read through the surviving gateway's admin API, has every call of both
        // hosts ended by the caller, none DRAINED
        Map<String, String> endReasons = awaitEnded(staying, calls.size());
        assertThat(endReasons)
                .hasSize(7)
                .allSatisfy((id, reason) -> assertThat(reason).as(id).isEqualTo("CALLER_HANGUP"));
        // And the new calls' media went through the staying gateway, the leaving host's calls never did
        for (String id : after.keySet()) {
            assertThat(staying.admin("/api/calls/" + id)
                            .path("media")
                            .path("framesIn")
                            .asLong())
                    .as(id)
                    .isPositive();
        }
        for (SippCall call : before.values()) {
            if (call.host.equals(LEAVING_HOST)) {
                assertThat(staying.admin("/api/calls/" + call.callId)
                                        .path("media")
                                        .isMissingNode()
                                || staying.admin("/api/calls/" + call.callId)
                                        .path("media")
                                        .isNull())
                        .as(call.callId)
                        .isTrue();
            }
        }
    }

    private Map<String, SippCall> place(
            VoiceConnectorStandIn voiceConnector, String prefix, int count, int sipPort, Duration hold)
            throws IOException {
        Map<String, SippCall> placed = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String callId = "scale-" + prefix + "-" + i;
            Target target = voiceConnector.route();
            assertThat(target.port()).isEqualTo(sipPort);
            SippCall call = SippCall.start(callId, target.host(), target.port(), hold);
            calls.add(call);
            placed.put(callId, call);
        }
        return placed;
    }

    private GatewayProcess startGateway(String name, String address, int sipPort, int rtpMin, String registryTable)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLETESTONLY");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret-not-a-real-key");
        env.put("CALL_REGISTRY_TABLE", registryTable);
        env.put("CALL_REGISTRY_ENDPOINT", DynamoDbLocal.endpoint().toString());
        env.put("AZURE_OPENAI_ENDPOINT", azure.baseUrl());
        env.put("AZURE_OPENAI_API_KEY", azure.apiKey());
        env.put("AZURE_OPENAI_DEPLOYMENT", azure.deployment());
        env.put("GATEWAY_SIP_BIND_ADDRESS", address);
        env.put("GATEWAY_PUBLIC_ADDRESS", address);
        env.put("GATEWAY_SIP_PORT", Integer.toString(sipPort));
        env.put("GATEWAY_SIP_TRANSPORTS", "UDP");
        env.put("GATEWAY_SIP_ALLOWED_CIDRS", "127.0.0.0/8");
        env.put("GATEWAY_RTP_PORT_MIN", Integer.toString(rtpMin));
        env.put("GATEWAY_RTP_PORT_MAX", Integer.toString(rtpMin + 199));
        env.put("GATEWAY_DRAIN_TIMEOUT", DRAIN_TIMEOUT.toSeconds() + "s");
        return GatewayProcess.start(name, env);
    }

    /** The route manager as the Lambda builds it, on WireMock and a lock table in DynamoDB Local. */
    private RouteManagerHandler routeManager(int sipPort) {
        String lockTable = DynamoDbLocal.newTable("route-locks");
        dynamo.createTable(create -> create.tableName(lockTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("lockId")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("lockId")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
        Map<String, String> env = Map.of(
                "ROUTE_VOICE_CONNECTOR_IDS", VOICE_CONNECTOR,
                "ROUTE_LOCK_TABLE", lockTable,
                "ROUTE_PROTOCOLS", "UDP",
                "ROUTE_SIP_PORT", Integer.toString(sipPort),
                "ROUTE_AUTO_SCALING_GROUP", GROUP,
                "ROUTE_LAUNCH_HOOK", LAUNCH_HOOK,
                "ROUTE_DRAIN_DOCUMENT", DRAIN_DOCUMENT);
        return new RouteManagerHandler(
                RouteManagerSettings.from(env),
                new RouteManagerHandler.Clients(aws.chime(), aws.autoScaling(), aws.ssm(), dynamo));
    }

    private List<String> routeHosts() {
        return aws
                .chime()
                .getVoiceConnectorOrigination(get -> get.voiceConnectorId(VOICE_CONNECTOR))
                .origination()
                .routes()
                .stream()
                .map(OriginationRoute::host)
                .toList();
    }

    /** Waits until the registry lists every one of {@code callIds} as CONNECTED (both gateways wrote). */
    private static void awaitConnected(GatewayProcess gateway, java.util.Set<String> callIds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> connected = List.of();
        while (System.nanoTime() < deadline) {
            try {
                connected = ids(gateway.admin("/api/calls?state=CONNECTED&limit=500"));
            } catch (HttpTimeoutException slowMachine) {
                continue;
            }
            if (connected.containsAll(callIds)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("calls " + callIds + " not all CONNECTED in the registry; connected: " + connected);
    }

    /** Waits until {@code count} calls of this test are ENDED; their end reasons by call id. */
    private static Map<String, String> awaitEnded(GatewayProcess gateway, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, String> reasons = Map.of();
        while (System.nanoTime() < deadline) {
            reasons = new HashMap<>();
            for (JsonNode call :
                    gateway.admin("/api/calls?state=ENDED&limit=500").path("calls")) {
                reasons.put(
                        call.path("callId").asString(), call.path("endReason").asString());
            }
            if (reasons.size() >= count) {
                return reasons;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + reasons.size() + " of " + count + " calls ENDED: " + reasons);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        for (JsonNode call : list.path("calls")) {
            ids.add(call.path("callId").asString());
        }
        return ids;
    }

    private static Map<String, Object> ready(String instanceId, String host) {
        return Map.of(
                "source", "voicebridge.gateway",
                "detail-type", "VoiceBridge Gateway Ready",
                "detail", Map.of("EC2InstanceId", instanceId, "Host", host));
    }

    /** EventBridge's "EC2 Instance-terminate Lifecycle Action" for a scale-in of {@code instanceId}. */
    private static Map<String, Object> terminating(String instanceId) {
        return Map.of(
                "source",
                "aws.autoscaling",
                "detail-type",
                "EC2 Instance-terminate Lifecycle Action",
                "detail",
                Map.of(
                        "EC2InstanceId",
                        instanceId,
                        "AutoScalingGroupName",
                        GROUP,
                        "LifecycleHookName",
                        TERMINATE_HOOK,
                        "LifecycleActionToken",
                        "token-" + instanceId,
                        "LifecycleTransition",
                        "autoscaling:EC2_INSTANCE_TERMINATING",
                        "Origin",
                        "AutoScalingGroup",
                        "Destination",
                        "EC2"));
    }

    /** A UDP port free on both addresses: every origination route names the same port. */
    private static int freeUdpPort(String first, String second) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket a = new DatagramSocket(0, InetAddress.getByName(first))) {
                int port = a.getLocalPort();
                try (DatagramSocket b = new DatagramSocket(port, InetAddress.getByName(second))) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no UDP port free on both " + first + " and " + second);
    }
}
