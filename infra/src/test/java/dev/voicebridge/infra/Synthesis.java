package dev.voicebridge.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicebridge.infra.settings.DeploymentSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the real stack the way {@link VoiceBridgeApp} does, against a throw-away repository
 * root that holds the real gateway Dockerfile and a small real jar in place of the SMA Lambda's,
 * so the tests depend neither on other modules' build output nor on Docker.
 */
final class Synthesis {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    static Template synthesize(Map<String, String> extraContext) {
        return Template.fromStack(synthesizeStack(extraContext));
    }

    static VoiceBridgeStack synthesizeStack(Map<String, String> extraContext) {
        Path root = fakeRepositoryRoot();
        // The same context (feature flags, defaults) `npx cdk` passes from cdk.json
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put("repositoryRoot", root.toString());
        context.put("region", REGION);
        context.put("account", ACCOUNT);
        context.putAll(extraContext);
        App app = new App(AppProps.builder()
                .context(context)
                .outdir(root.resolve("cdk.out").toString())
                .build());
        DeploymentSettings settings = DeploymentSettings.from(app.getNode()::tryGetContext);
        VoiceBridgeStack stack = new VoiceBridgeStack(
                app,
                "VoiceBridge",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(ACCOUNT)
                                .region(REGION)
                                .build())
                        .build(),
                settings);
        return stack;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson =
                    new ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
            return (Map<String, Object>) cdkJson.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fakeRepositoryRoot() {
        try {
            Path root = Files.createTempDirectory("voicebridge-infra-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root)));
            for (String name : new String[] {
                DeploymentSettings.DEFAULT_SMA_LAMBDA_JAR, DeploymentSettings.DEFAULT_ROUTE_MANAGER_JAR
            }) {
                Path jar = root.resolve(name);
                Files.createDirectories(jar.getParent());
                try (OutputStream out = Files.newOutputStream(jar);
                        ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
                    zip.write("Manifest-Version: 1.0\n".getBytes());
                    zip.closeEntry();
                }
            }
            Path dockerfile = root.resolve("infra/docker/gateway.Dockerfile");
            Files.createDirectories(dockerfile.getParent());
            Files.copy(Path.of("docker/gateway.Dockerfile"), dockerfile);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp directory is harmless
        }
    }

    private Synthesis() {}
}
