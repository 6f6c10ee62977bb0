package dev.voicebridge.scale;

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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.voicebridge.testsupport.OriginationStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * WireMock as the three AWS APIs of a scale-in: Chime SDK Voice's origination settings (stateful:
 * a PUT is what the next GET returns), Auto Scaling (CompleteLifecycleAction and
 * RecordLifecycleActionHeartbeat, query protocol) and SSM's SendCommand, whose request is handed to
 * a listener as the {@link RunCommand} the SSM agent on the named host would run. WireMock's
 * threads call the listener; it must not block them.
 */
final class AwsStandIn implements AutoCloseable {

    /** One SendCommand as the SSM agent on the host would receive it. */
    record RunCommand(String documentName, String instanceId, String autoScalingGroupName, String lifecycleHookName) {}

    private static final String AUTO_SCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private final RunCommandHook runCommands = new RunCommandHook();
    private final WireMockServer wireMock =
            new WireMockServer(wireMockConfig().dynamicPort().extensions(new OriginationStore(), runCommands));

    AwsStandIn() {
        wireMock.start();
        wireMock.stubFor(request("GET", urlPathMatching("/voice-connectors/[^/]+/origination"))
                .willReturn(aResponse().withTransformers(OriginationStore.NAME)));
        wireMock.stubFor(request("PUT", urlPathMatching("/voice-connectors/[^/]+/origination"))
                .willReturn(aResponse().withTransformers(OriginationStore.NAME)));
        for (String action : List.of("CompleteLifecycleAction", "RecordLifecycleActionHeartbeat")) {
            wireMock.stubFor(post(urlPathEqualTo("/"))
                    .withRequestBody(containing("Action=" + action))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/xml")
                            .withBody("<" + action + "Response xmlns=\"" + AUTO_SCALING_NS + "\"><" + action
                                    + "Result/><ResponseMetadata><RequestId>" + UUID.randomUUID()
                                    + "</RequestId></ResponseMetadata></" + action + "Response>")));
        }
        wireMock.stubFor(post(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .willReturn(aResponse().withTransformers(RunCommandHook.NAME)));
    }

    /** Where each SendCommand goes: the stand-in for the SSM agent on the host it names. */
    void onRunCommand(Consumer<RunCommand> agent) {
        runCommands.agent = agent;
    }

    URI endpoint() {
        return URI.create(wireMock.baseUrl());
    }

    ChimeSdkVoiceClient chime() {
        return ChimeSdkVoiceClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    AutoScalingClient autoScaling() {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    SsmClient ssm() {
        return SsmClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    int count(RequestPatternBuilder pattern) {
        return wireMock.countRequestsMatching(pattern.build()).getCount();
    }

    static RequestPatternBuilder lifecycleCompleted(String instanceId, String hook, String result) {
        return postRequestedFor(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=CompleteLifecycleAction"))
                .withRequestBody(containing("InstanceId=" + instanceId))
                .withRequestBody(containing("LifecycleHookName=" + hook))
                .withRequestBody(containing("LifecycleActionResult=" + result));
    }

    static RequestPatternBuilder heartbeats(String instanceId, String hook) {
        return postRequestedFor(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=RecordLifecycleActionHeartbeat"))
                .withRequestBody(containing("InstanceId=" + instanceId))
                .withRequestBody(containing("LifecycleHookName=" + hook));
    }

    static RequestPatternBuilder drainSent(String instanceId, String document) {
        return postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .withRequestBody(containing(instanceId))
                .withRequestBody(containing(document));
    }

    @Override
    public void close() {
        wireMock.stop();
    }

    /** Answers SendCommand like SSM (a command id) and passes the command on to the agent. */
    private static final class RunCommandHook implements ResponseDefinitionTransformerV2 {

        static final String NAME = "ssm-run-command";

        volatile Consumer<RunCommand> agent = command -> {};

        @Override
        @SuppressWarnings("unchecked")
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Map<String, Object> body = Json.read(serveEvent.getRequest().getBodyAsString(), Map.class);
            Map<String, List<String>> parameters = (Map<String, List<String>>) body.get("Parameters");
            String commandId = UUID.randomUUID().toString();
            for (String instanceId : (List<String>) body.get("InstanceIds")) {
                agent.accept(new RunCommand(
                        (String) body.get("DocumentName"),
                        instanceId,
                        parameters.get("AutoScalingGroupName").get(0),
                        parameters.get("LifecycleHookName").get(0)));
            }
            return new ResponseDefinitionBuilder()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(Json.write(Map.of("Command", Map.of("CommandId", commandId))))
                    .build();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
