package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.getAtt;
import static dev.voicebridge.infra.TemplateView.properties;
import static dev.voicebridge.infra.TemplateView.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The call path on the AWS side: SMA Lambda, SIP media application, SIP rules, Voice Connectors. */
class SmaAndChimeResourcesTest {

    private static VoiceBridgeStack stack;
    private static TemplateView view;
    private static String gatewayConnector;
    private static String inboundConnector;
    private static String sma;

    @BeforeAll
    static void synthesizeOnce() {
        // Given the stack as `npx cdk deploy` synthesizes it by default
        stack = Synthesis.synthesizeStack(Map.of());
        view = new TemplateView(Template.fromStack(stack));
        gatewayConnector = view.logicalIdStartingWith("Custom::AWS", "GatewayVoiceConnector8");
        inboundConnector = view.logicalIdStartingWith("Custom::AWS", "InboundVoiceConnector1");
        sma = view.logicalIdStartingWith("Custom::AWS", "SipMediaApplication");
    }

    @Test
    void shouldSynthesizeWithoutWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findWarning("*", Match.anyValue()))
                .extracting(m -> m.getId() + " " + m.getEntry().getData())
                .isEmpty();
        assertThat(annotations.findError("*", Match.anyValue()))
                .extracting(m -> m.getId() + " " + m.getEntry().getData())
                .isEmpty();
    }

    @Test
    void shouldRunSmaLambdaOnJava21WithSnapStartWithinTheSmaRetryWindow() {
        view.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java21",
                        "Handler",
                        "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest",
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"),
                        "MemorySize",
                        1024,
                        "Timeout",
                        5));
        Map<String, Object> function = properties(
                view.resources().get(view.logicalIdStartingWith("AWS::Lambda::Function", "SmaLambdaFunction")));
        // Then a stuck invocation ends no later than the SMA's retry at 5 s
        assertThat((Integer) function.get("Timeout")).isLessThanOrEqualTo(5);
    }

    @Test
    void shouldLogSmaLambdaToItsOwnGroupWithRetention() {
        String logGroup = view.logicalIdStartingWith("AWS::Logs::LogGroup", "SmaLambdaLogs");
        assertThat(properties(view.resources().get(logGroup))).containsEntry("RetentionInDays", 30);
        view.template.hasResourceProperties(
                "AWS::Lambda::Function", Map.of("LoggingConfig", Map.of("LogGroup", Map.of("Ref", logGroup))));
    }

    @Test
    void shouldLetOnlyTheChimeVoiceServiceOfThisAccountInvokeThePublishedAlias() {
        String alias = view.logicalIdStartingWith("AWS::Lambda::Alias", "SmaLambdaLive");
        view.template.hasResourceProperties(
                "AWS::Lambda::Alias",
                Map.of("Name", "live", "FunctionVersion", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))));
        assertThat(view.resourcesOfType("AWS::Lambda::Permission").values())
                .singleElement()
                .satisfies(permission -> assertThat(properties(permission))
                        .containsEntry("Principal", "voiceconnector.chime.amazonaws.com")
                        .containsEntry("Action", "lambda:InvokeFunction")
                        .containsEntry("SourceAccount", Synthesis.ACCOUNT)
                        .containsEntry("SourceArn", "arn:aws:chime:us-east-1:123456789012:sma/*")
                        .containsEntry("FunctionName", Map.of("Ref", alias)));
    }

    @Test
    void shouldPointTheSipMediaApplicationAtTheLambdaAlias() {
        Map<String, Object> create = view.sdkCall(sma, "Create");
        assertThat(create)
                .containsEntry("service", "@aws-sdk/client-chime-sdk-voice")
                .containsEntry("action", "CreateSipMediaApplication");
        String alias = view.logicalIdStartingWith("AWS::Lambda::Alias", "SmaLambdaLive");
        assertThat(create.get("parameters"))
                .isEqualTo(Map.of(
                        "Name",
                        "VoiceBridge",
                        "AwsRegion",
                        "us-east-1",
                        "Endpoints",
                        List.of(Map.of("LambdaArn", ref(alias)))));
        assertThat(view.sdkCall(sma, "Delete")).containsEntry("action", "DeleteSipMediaApplication");
        assertThat(view.resources().get(sma).get("DependsOn").toString()).contains(alias);
    }

    @Test
    void shouldSendThePhoneNumberAndTheInboundConnectorToTheSma() {
        List<String> rules = view.customResourcesCalling("CreateSipRule");
        assertThat(rules).hasSize(2);
        Map<String, Object> targets = Map.of(
                "TargetApplications",
                List.of(Map.of(
                        "SipMediaApplicationId",
                        getAtt(sma, "SipMediaApplication.SipMediaApplicationId"),
                        "Priority",
                        1,
                        "AwsRegion",
                        "us-east-1")));
        assertThat(rules)
                .extracting(id -> view.sdkCall(id, "Create").get("parameters"))
                .containsExactlyInAnyOrder(
                        merge(
                                Map.of(
                                        "Name",
                                        "VoiceBridge-number",
                                        "TriggerType",
                                        "ToPhoneNumber",
                                        "TriggerValue",
                                        ref("PhoneNumber"),
                                        "Disabled",
                                        false),
                                targets),
                        merge(
                                Map.of(
                                        "Name",
                                        "VoiceBridge-trunk",
                                        "TriggerType",
                                        "RequestUriHostname",
                                        "TriggerValue",
                                        getAtt(inboundConnector, "VoiceConnector.OutboundHostName"),
                                        "Disabled",
                                        false),
                                targets));
    }

    @Test
    void shouldDisableEachSipRuleBeforeDeletingIt() {
        for (String rule : view.customResourcesCalling("CreateSipRule")) {
            String disabler = view.customResourcesCalling("GetSipRule").stream()
                    .filter(id -> view.sdkCall(id, "Delete").toString().contains(rule))
                    .findFirst()
                    .orElseThrow();
            assertThat(view.sdkCall(disabler, "Delete"))
                    .containsEntry("action", "UpdateSipRule")
                    .extracting(call -> ((Map<?, ?>) call.get("parameters")).get("Disabled"))
                    .isEqualTo(true);
        }
    }

    @Test
    void shouldRouteTheGatewayConnectorOnlyToTheGatewayHostOverTls() {
        List<String> originations = view.customResourcesCalling("PutVoiceConnectorOrigination");
        assertThat(originations)
                .singleElement()
                .satisfies(id -> assertThat(view.sdkCall(id, "Create").get("parameters"))
                        .isEqualTo(Map.of(
                                "VoiceConnectorId", getAtt(gatewayConnector, "VoiceConnector.VoiceConnectorId"),
                                "Origination",
                                        Map.of(
                                                "Disabled",
                                                false,
                                                "Routes",
                                                List.of(Map.of(
                                                        "Host",
                                                        "gw1.@Ref(GatewaySipDomain)",
                                                        "Port",
                                                        5061,
                                                        "Protocol",
                                                        "TCP",
                                                        "Priority",
                                                        1,
                                                        "Weight",
                                                        1))))));
    }

    @Test
    void shouldNeverLetCallsIntoTheGatewayConnectorNorTriggerTheSmaFromIt() {
        // Termination off: nothing can dial in through the gateway connector
        assertThat(view.customResourcesCalling("PutVoiceConnectorTermination")).isEmpty();
        // and no SIP rule fires on its host name, so a bridged call cannot come back to the SMA
        assertThat(view.customResourcesCalling("CreateSipRule"))
                .allSatisfy(
                        id -> assertThat(view.sdkCall(id, "Create").toString()).doesNotContain(gatewayConnector));
    }

    @Test
    void shouldRequireEncryptionOnTheGatewayConnectorAndLeaveTheInboundOneToYourSbc() {
        assertThat(view.customResourcesCalling("CreateVoiceConnector"))
                .containsExactlyInAnyOrder(gatewayConnector, inboundConnector)
                .extracting(id -> view.sdkCall(id, "Create").get("parameters"))
                .containsExactlyInAnyOrder(
                        Map.of("Name", "VoiceBridge-gateway", "AwsRegion", "us-east-1", "RequireEncryption", true),
                        Map.of("Name", "VoiceBridge-inbound", "AwsRegion", "us-east-1", "RequireEncryption", false));
    }

    @Test
    void shouldTellTheLambdaItsBridgeTargetAndTheConnectorItMustNeverBridgeTo() {
        view.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "CALL_MODE", Map.of("Ref", "CallMode"),
                                        "GATEWAY_VOICE_CONNECTOR_ARN",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(gatewayConnector, "VoiceConnector.VoiceConnectorArn")),
                                        "SMA_INBOUND_VOICE_CONNECTOR_ARN",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(inboundConnector, "VoiceConnector.VoiceConnectorArn")),
                                        "CALL_REGISTRY_TABLE",
                                                Map.of(
                                                        "Ref",
                                                        view.logicalIdStartingWith(
                                                                "AWS::DynamoDB::Table", "CallRegistry")),
                                        "TRANSFER_ALLOWED_PREFIXES", Map.of("Ref", "TransferNumber"),
                                        "TRANSFER_CALLER_ID",
                                                Map.of(
                                                        "Fn::If",
                                                        List.of(
                                                                "TransferCallerIdSet",
                                                                Map.of("Ref", "TransferCallerId"),
                                                                Map.of("Ref", "PhoneNumber"))))))));
    }

    @Test
    void shouldStreamAndRecordStreamingEventsOnlyWhenEnabled() {
        List<String> streaming = view.customResourcesCalling("PutVoiceConnectorStreamingConfiguration");
        assertThat(streaming).singleElement().satisfies(id -> {
            assertThat(view.resources().get(id)).containsEntry("Condition", "StreamingOn");
            assertThat(view.sdkCall(id, "Create").get("parameters"))
                    .isEqualTo(Map.of(
                            "VoiceConnectorId", getAtt(gatewayConnector, "VoiceConnector.VoiceConnectorId"),
                            "StreamingConfiguration",
                                    Map.of(
                                            "DataRetentionInHours",
                                            24,
                                            "Disabled",
                                            false,
                                            "StreamingNotificationTargets",
                                            List.of(Map.of("NotificationTarget", "EventBridge")))));
        });
        assertThat(view.resourcesOfType("AWS::Events::Rule").values())
                .singleElement()
                .satisfies(rule -> {
                    assertThat(rule).containsEntry("Condition", "StreamingOn");
                    assertThat(properties(rule).get("EventPattern"))
                            .isEqualTo(Map.of(
                                    "source", List.of("aws.chime"),
                                    "detail-type", List.of("Chime VoiceConnector Streaming Status"),
                                    "detail",
                                            Map.of(
                                                    "voiceConnectorId",
                                                    List.of(Map.of(
                                                            "Fn::GetAtt",
                                                            List.of(
                                                                    gatewayConnector,
                                                                    "VoiceConnector.VoiceConnectorId"))))));
                    String logGroup = view.logicalIdStartingWith("AWS::Logs::LogGroup", "StreamingEventsLogs");
                    assertThat(TemplateView.render(
                                    ((Map<?, ?>) ((List<?>) properties(rule).get("Targets")).get(0)).get("Arn")))
                            .isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:" + ref(logGroup));
                    assertThat(view.resources().get(logGroup)).containsEntry("Condition", "StreamingOn");
                });
        view.template.hasCondition(
                "StreamingOn", Map.of("Fn::Equals", List.of(Map.of("Ref", "EnableStreaming"), "true")));
    }

    @Test
    void shouldKeepTheCallRegistryWithTimeToLive() {
        view.template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "KeySchema", List.of(Map.of("AttributeName", "callId", "KeyType", "HASH")),
                        "BillingMode", "PAY_PER_REQUEST",
                        "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void shouldIndexCallsByStateTheWayTheRegistryListsThem() {
        // The DynamoDB registry queries "byState" (callState, newest updatedAtMs first); without it,
        // listing falls back to a Scan the gateway role may not run.
        view.template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "GlobalSecondaryIndexes",
                        List.of(Map.of(
                                "IndexName", "byState",
                                "KeySchema",
                                        List.of(
                                                Map.of("AttributeName", "callState", "KeyType", "HASH"),
                                                Map.of("AttributeName", "updatedAtMs", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "ALL")))));
    }

    @Test
    void shouldAskForEveryAccountSpecificValueAsAParameter() {
        assertThat(parameterNames())
                .contains(
                        "PhoneNumber",
                        "AzureOpenAiEndpoint",
                        "AzureOpenAiDeployment",
                        "AzureOpenAiApiVersion",
                        "AzureOpenAiVoice",
                        "CallMode",
                        "TransferCallerId",
                        "TransferNumber",
                        "OutboundAllowedPrefixes",
                        "EnableStreaming",
                        "AdminAllowedCidr",
                        "CallRecordRetentionDays");
        view.template.hasParameter("PhoneNumber", Map.of("Type", "String", "AllowedPattern", "^\\+[1-9]\\d{1,14}$"));
        // Toll fraud: no outbound destination unless the deployer names some.
        view.template.hasParameter("OutboundAllowedPrefixes", Map.of("Type", "String", "Default", ""));
        view.template.hasParameter(
                "CallMode", Map.of("AllowedValues", List.of("gateway", "meeting"), "Default", "gateway"));
        assertThat(parameterNames()).noneMatch(p -> p.contains("Key") || p.contains("Token") || p.contains("Secret"));
    }

    private static List<String> parameterNames() {
        return ((Map<?, ?>) view.json.get("Parameters"))
                .keySet().stream().map(Object::toString).toList();
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new java.util.HashMap<>(a);
        out.putAll(b);
        return out;
    }
}
