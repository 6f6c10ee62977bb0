package dev.voicebridge.infra;

import java.util.List;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.constructs.Construct;

/**
 * The account-specific values a deployer passes with {@code --parameters Name=value}. They do not
 * change the stack's shape except through the two conditions (meeting mode, streaming), so one
 * synthesized template serves every account.
 */
public final class StackParameters {

    public final CfnParameter phoneNumber;
    public final CfnParameter azureEndpoint;
    public final CfnParameter azureDeployment;
    public final CfnParameter azureApiVersion;
    public final CfnParameter azureVoice;
    public final CfnParameter callMode;
    public final CfnParameter transferCallerId;
    public final CfnParameter transferNumber;
    public final CfnParameter outboundAllowedPrefixes;
    public final CfnParameter enableStreaming;
    public final CfnParameter adminAllowedCidr;
    public final CfnParameter registryTtlDays;
    public final CfnCondition meetingModeOn;
    public final CfnCondition streamingOn;
    public final CfnCondition transferCallerIdSet;

    public StackParameters(Construct scope) {
        phoneNumber = CfnParameter.Builder.create(scope, "PhoneNumber")
                .type("String")
                .allowedPattern("^\\+[1-9]\\d{1,14}$")
                .constraintDescription("an E.164 number such as +12065550100, already in your Chime SDK inventory "
                        + "with product type SipMediaApplicationDialIn")
                .description("The phone number callers dial (E.164). Claim it first: see infra/README.md.")
                .build();
        azureEndpoint = CfnParameter.Builder.create(scope, "AzureOpenAiEndpoint")
                .type("String")
                .allowedPattern("^https://[A-Za-z0-9.-]+(:\\d+)?/?$")
                .constraintDescription("https://<resource>.openai.azure.com")
                .description("Azure OpenAI endpoint the gateway connects to (AZURE_OPENAI_ENDPOINT).")
                .build();
        azureDeployment = CfnParameter.Builder.create(scope, "AzureOpenAiDeployment")
                .type("String")
                .allowedPattern("^[A-Za-z0-9._-]{1,64}$")
                .description("Azure OpenAI Realtime deployment name (AZURE_OPENAI_DEPLOYMENT).")
                .build();
        azureApiVersion = CfnParameter.Builder.create(scope, "AzureOpenAiApiVersion")
                .type("String")
                .defaultValue("")
                .description("Empty = the GA Realtime protocol; or a preview api-version such as 2025-04-01-preview "
                        + "(AZURE_OPENAI_API_VERSION).")
                .build();
        azureVoice = CfnParameter.Builder.create(scope, "AzureOpenAiVoice")
                .type("String")
                .defaultValue("alloy")
                .description("Voice of the model (AZURE_OPENAI_VOICE).")
                .build();
        callMode = CfnParameter.Builder.create(scope, "CallMode")
                .type("String")
                .allowedValues(List.of("gateway", "meeting"))
                .defaultValue("gateway")
                .description(
                        "gateway = bridge each call to the VoiceBridge gateway; meeting = join a Chime SDK "
                                + "meeting (grants the Lambda chime:CreateMeeting/DeleteMeeting; chime:CreateAttendee it has in any mode).")
                .build();
        transferCallerId = CfnParameter.Builder.create(scope, "TransferCallerId")
                .type("String")
                .defaultValue("")
                .allowedPattern("^$|^\\+[1-9]\\d{1,14}$")
                .description(
                        "Caller id (E.164, one of your numbers) for transfers to a human; empty = the phone number.")
                .build();
        transferNumber = CfnParameter.Builder.create(scope, "TransferNumber")
                .type("String")
                .defaultValue("")
                .allowedPattern("^$|^\\+[1-9]\\d{1,14}$")
                .description("The human the assistant's transfer_to_human tool hands calls to (E.164). Empty = "
                        + "no transfers: both the gateway and the Lambda refuse them, so a prompt-injected "
                        + "model cannot dial out.")
                .build();
        outboundAllowedPrefixes = CfnParameter.Builder.create(scope, "OutboundAllowedPrefixes")
                .type("String")
                .defaultValue("")
                .allowedPattern("^$|^\\+[0-9]{1,15}(,\\+[0-9]{1,15})*$")
                .description("E.164 prefixes (comma-separated, e.g. +1,+44) the gateway's POST /api/calls may dial. "
                        + "Empty = no outbound calls to anywhere, so a leaked admin token cannot run up "
                        + "premium-rate calls.")
                .build();
        enableStreaming = CfnParameter.Builder.create(scope, "EnableStreaming")
                .type("String")
                .allowedValues(List.of("true", "false"))
                .defaultValue("false")
                .description("Stream the gateway Voice Connector's call audio to Kinesis Video Streams and record "
                        + "its streaming status events (EventBridge) in a log group.")
                .build();
        adminAllowedCidr = CfnParameter.Builder.create(scope, "AdminAllowedCidr")
                .type("String")
                .defaultValue("0.0.0.0/0")
                .allowedPattern("^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$")
                .description("Who may reach the HTTPS admin/WebSocket load balancer (only used when it is "
                        + "created, i.e. with -c adminCertificateArn=...). Every request still needs its bearer token.")
                .build();
        registryTtlDays = CfnParameter.Builder.create(scope, "CallRecordRetentionDays")
                .type("Number")
                .minValue(1)
                .maxValue(365)
                .defaultValue(30)
                .description("Days an ended call's record stays in the call registry before DynamoDB TTL removes it "
                        + "(CALL_REGISTRY_TTL_DAYS for the Lambda and the gateway).")
                .build();
        meetingModeOn = CfnCondition.Builder.create(scope, "MeetingModeOn")
                .expression(Fn.conditionEquals(callMode.getValueAsString(), "meeting"))
                .build();
        transferCallerIdSet = CfnCondition.Builder.create(scope, "TransferCallerIdSet")
                .expression(Fn.conditionNot(Fn.conditionEquals(transferCallerId.getValueAsString(), "")))
                .build();
        streamingOn = CfnCondition.Builder.create(scope, "StreamingOn")
                .expression(Fn.conditionEquals(enableStreaming.getValueAsString(), "true"))
                .build();
    }
}
