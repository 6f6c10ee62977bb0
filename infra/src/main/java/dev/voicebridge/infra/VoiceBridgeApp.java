package dev.voicebridge.infra;

import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.Objects;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code npx cdk deploy} (from infra/, see cdk.json) runs this main through Maven.
 * Synthesis needs only a JDK and node; deploying needs AWS credentials and, for the gateway image,
 * Docker.
 */
public final class VoiceBridgeApp {

    public static void main(String[] args) {
        App app = new App();
        DeploymentSettings settings = DeploymentSettings.from(app.getNode()::tryGetContext);
        String stackName =
                String.valueOf(Objects.requireNonNullElse(app.getNode().tryGetContext("stackName"), "VoiceBridge"));
        new VoiceBridgeStack(
                app,
                stackName,
                StackProps.builder()
                        .env(Environment.builder()
                                .region(settings.region())
                                .account(settings.account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT")))
                                .build())
                        .description("VoiceBridge: Chime SDK PSTN audio to Azure OpenAI Realtime, full duplex")
                        .build(),
                settings);
        app.synth();
    }

    private VoiceBridgeApp() {}
}
