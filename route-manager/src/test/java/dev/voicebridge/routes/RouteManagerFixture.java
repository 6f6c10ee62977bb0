package dev.voicebridge.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.voicebridge.testsupport.DynamoDbLocal;
import dev.voicebridge.testsupport.OriginationStore;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One test's world: WireMock as Chime SDK Voice (stateful origination), Auto Scaling and SSM, a
 * fresh lock table in DynamoDB Local, and handlers wired to both exactly as in Lambda.
 */
final class RouteManagerFixture implements AutoCloseable {

    static final String GROUP = "voicebridge-gateways";
    static final String LAUNCH_HOOK = "gateway-launch";
    static final String TERMINATE_HOOK = "gateway-terminate";
    static final String DRAIN_DOCUMENT = "VoiceBridge-DrainGateway";

    final OriginationStore store = new OriginationStore();
    final WireMockServer wireMock =
            new WireMockServer(wireMockConfig().dynamicPort().extensions(store));
    final String table = DynamoDbLocal.newTable("route-locks");
    final DynamoDbClient dynamo = DynamoDbLocal.client();
    private final RouteManagerHandler.Clients clients;

    RouteManagerFixture() {
        wireMock.start();
        URI endpoint = URI.create(wireMock.baseUrl());
        clients = new RouteManagerHandler.Clients(
                ChimeSdkVoiceClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                AutoScalingClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                SsmClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                dynamo);
        dynamo.createTable(create -> create.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("lockId")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("lockId")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
        originationDelayMillis(0);
        wireMock.stubFor(post(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=CompleteLifecycleAction"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                                "<CompleteLifecycleActionResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                                        + "<CompleteLifecycleActionResult/><ResponseMetadata><RequestId>r1</RequestId>"
                                        + "</ResponseMetadata></CompleteLifecycleActionResponse>")));
        wireMock.stubFor(post(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Command\":{\"CommandId\":\"cmd-1\"}}")));
    }

    /** Every origination GET and PUT answered after {@code millis}: widens the read-modify-write window. */
    void originationDelayMillis(int millis) {
        wireMock.stubFor(request("GET", urlPathMatching("/voice-connectors/[^/]+/origination"))
                .willReturn(aResponse().withFixedDelay(millis).withTransformers(OriginationStore.NAME)));
        wireMock.stubFor(request("PUT", urlPathMatching("/voice-connectors/[^/]+/origination"))
                .willReturn(aResponse().withFixedDelay(millis).withTransformers(OriginationStore.NAME)));
    }

    RouteManagerHandler handler(List<String> voiceConnectorIds) {
        return handler(voiceConnectorIds, "UDP");
    }

    RouteManagerHandler handler(List<String> voiceConnectorIds, String protocols) {
        Map<String, String> env = new HashMap<>();
        env.put("ROUTE_VOICE_CONNECTOR_IDS", String.join(",", voiceConnectorIds));
        env.put("ROUTE_LOCK_TABLE", table);
        env.put("ROUTE_PROTOCOLS", protocols);
        env.put("ROUTE_AUTO_SCALING_GROUP", GROUP);
        env.put("ROUTE_LAUNCH_HOOK", LAUNCH_HOOK);
        env.put("ROUTE_DRAIN_DOCUMENT", DRAIN_DOCUMENT);
        return new RouteManagerHandler(RouteManagerSettings.from(env), clients);
    }

    List<OriginationRoute> routes(String voiceConnectorId) {
        return new Originations(clients.chime()).routes(voiceConnectorId);
    }

    void seed(String voiceConnectorId, List<OriginationRoute> routes) {
        new Originations(clients.chime()).replace(voiceConnectorId, routes);
    }

    static Map<String, Object> ready(String instanceId, String host) {
        return Map.of(
                "source", "voicebridge.gateway",
                "detail-type", "VoiceBridge Gateway Ready",
                "detail", Map.of("EC2InstanceId", instanceId, "Host", host));
    }

    static Map<String, Object> terminating(String instanceId) {
        return Map.of(
                "source",
                "aws.autoscaling",
                "detail-type",
                "EC2 Instance-terminate Lifecycle Action",
                "detail",
                Map.of(
                        "EC2InstanceId", instanceId,
                        "AutoScalingGroupName", GROUP,
                        "LifecycleHookName", TERMINATE_HOOK,
                        "LifecycleActionToken", "token-" + instanceId,
                        "LifecycleTransition", "autoscaling:EC2_INSTANCE_TERMINATING"));
    }

    RequestPatternBuilder completed(String instanceId, String hook, String result) {
        return postRequestedFor(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=CompleteLifecycleAction"))
                .withRequestBody(containing("InstanceId=" + instanceId))
                .withRequestBody(containing("LifecycleHookName=" + hook))
                .withRequestBody(containing("LifecycleActionResult=" + result));
    }

    RequestPatternBuilder drainSent(String instanceId) {
        return postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .withRequestBody(containing(instanceId))
                .withRequestBody(containing(DRAIN_DOCUMENT));
    }

    @Override
    public void close() {
        wireMock.stop();
    }
}
