package dev.voicebridge.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The call recordings' bucket: encrypted, never public, TLS only, kept when the stack goes, and
 * named to the gateway (GATEWAY_RECORDING_BUCKET, GATEWAY_RECORDING_PREFIX). What the gateway may
 * do there is LeastPrivilegeTest's: put objects under the prefix, nothing else.
 */
class RecordingBucketTest {

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of()));
    }

    @Test
    void shouldEncryptTheRecordingsAndBlockEveryPublicAccess() {
        String bucket = view.logicalIdStartingWith("AWS::S3::Bucket", "Recordings");
        view.template.hasResource(
                "AWS::S3::Bucket",
                Map.of(
                        "Properties",
                        Map.of(
                                "BucketEncryption",
                                Map.of(
                                        "ServerSideEncryptionConfiguration",
                                        List.of(Map.of(
                                                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                                "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls", true,
                                        "BlockPublicPolicy", true,
                                        "IgnorePublicAcls", true,
                                        "RestrictPublicBuckets", true)),
                        "DeletionPolicy",
                        "Retain"));
        assertThat(view.resourcesOfType("AWS::S3::Bucket")).containsKey(bucket);
    }

    @Test
    void shouldRefuseEveryRequestThatIsNotOverTls() {
        String bucket = view.logicalIdStartingWith("AWS::S3::Bucket", "Recordings");
        view.template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "Bucket",
                        Map.of("Ref", bucket),
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Action",
                                        "s3:*",
                                        "Principal",
                                        Map.of("AWS", "*"),
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void shouldTellTheGatewayTheBucketAndThePrefix() {
        String bucket = view.logicalIdStartingWith("AWS::S3::Bucket", "Recordings");
        String instance = view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance");
        String userData = TemplateView.render(((Map<?, ?>)
                        TemplateView.properties(view.resources().get(instance)).get("UserData"))
                .get("Fn::Base64"));
        assertThat(userData)
                .contains("GATEWAY_RECORDING_BUCKET=" + TemplateView.ref(bucket))
                .contains("GATEWAY_RECORDING_PREFIX=recordings/");
    }
}
