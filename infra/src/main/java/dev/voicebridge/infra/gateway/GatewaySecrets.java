package dev.voicebridge.infra.gateway;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The gateway's secrets. None of them passes through CloudFormation: the two tokens are generated
 * by Secrets Manager, and the Azure key starts as a random placeholder that the deployer replaces
 * with {@code aws secretsmanager put-secret-value} (infra/README.md), so it never appears in a
 * template, a parameter or a shell history on the deploying machine.
 */
public final class GatewaySecrets extends Construct {

    private final Secret azureApiKey;
    private final Secret adminToken;
    private final Secret mediaToken;

    public GatewaySecrets(Construct scope, String id) {
        super(scope, id);
        azureApiKey = secret(
                "AzureOpenAiApiKey",
                "VoiceBridge: the Azure OpenAI api-key (AZURE_OPENAI_API_KEY). Replace the generated placeholder.");
        adminToken = secret(
                "AdminToken", "VoiceBridge: bearer token for the gateway admin API /api/** (GATEWAY_ADMIN_TOKEN).");
        mediaToken = secret(
                "MediaToken",
                "VoiceBridge: bearer token for the gateway WebSocket media endpoint /media (GATEWAY_MEDIA_TOKEN).");
    }

    private Secret secret(String id, String description) {
        return Secret.Builder.create(this, id)
                .description(description)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    public Secret azureApiKey() {
        return azureApiKey;
    }

    public Secret adminToken() {
        return adminToken;
    }

    public Secret mediaToken() {
        return mediaToken;
    }

    public List<String> arns() {
        return List.of(azureApiKey.getSecretArn(), adminToken.getSecretArn(), mediaToken.getSecretArn());
    }
}
