package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import dev.voicebridge.testsupport.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway on a random port with the Realtime simulator as Azure. Test classes extending
 * this share one application context (same configuration), so it starts once.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AdminApplicationTest {

    static final String ADMIN_TOKEN = "adm-7Hq!x9$Kp2-secret";
    static final String MEDIA_TOKEN = "media-Zt4#w8-secret";
    /** The SIP media application outbound calls are placed on (GATEWAY_SMA_ID). */
    static final String OUTBOUND_SMA = "sma-outbound-1";
    /** The only number calls may be transferred to (GATEWAY_TRANSFER_ALLOWED). */
    static final String TRANSFER_ALLOWED_NUMBER = "+15550142";
    /** Calls to this number get the "support" profile, whose own transfer line replaces the gateway's. */
    static final String SUPPORT_NUMBER = "+15550188";

    static final String SUPPORT_TRANSFER_NUMBER = "+15550166";
    /** Azure's clock for client secrets' expiry: tests move it forward, never back. */
    static final ManualClock AZURE_CLOCK = ManualClock.startingAt(Instant.ofEpochSecond(1_800_000_000L));
    /** Lives as long as the shared context; the JVM ends both. */
    static final RealtimeSimulator AZURE = RealtimeSimulator.start(
            SimulatorOptions.builder().speed(4.0).clock(AZURE_CLOCK).build());

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("voicebridge.realtime.endpoint", AZURE::baseUrl);
        registry.add("voicebridge.realtime.api-key", AZURE::apiKey);
        registry.add("voicebridge.realtime.deployment", AZURE::deployment);
        registry.add("voicebridge.realtime.api-version", () -> "");
        registry.add("voicebridge.realtime.greet-first", () -> "false");
        registry.add("voicebridge.realtime.vad.silence-duration-ms", () -> "300");
        registry.add("voicebridge.websocket.token", () -> MEDIA_TOKEN);
        registry.add("voicebridge.admin.token", () -> ADMIN_TOKEN);
        registry.add("voicebridge.sip.enabled", () -> "false");
        registry.add("voicebridge.admin.jwk-set-uri", IdentityProvider::jwkSetUri);
        registry.add("voicebridge.admin.jwt-audience", () -> IdentityProvider.AUDIENCE);
        registry.add("voicebridge.tools.chime-endpoint", IdentityProvider::baseUrl);
        registry.add("voicebridge.outbound.sma-id", () -> OUTBOUND_SMA);
        registry.add("voicebridge.meetings.endpoint", IdentityProvider::baseUrl);
        registry.add("voicebridge.meetings.media-region", () -> "us-west-2");
        // ConsoleMeetingBridgeTest's signaling stand-in listens on a port of its own on loopback.
        registry.add("voicebridge.meetings.signaling-sources", () -> "ws://127.0.0.1:*");
        registry.add("voicebridge.outbound.allowed-prefixes", () -> "+1415,+1206");
        registry.add("voicebridge.tools.transfer-allowed", () -> "\\" + TRANSFER_ALLOWED_NUMBER);
        registry.add("voicebridge.profiles.file", AdminApplicationTest::profilesFile);
        // The SDK's default credentials chain reads these; WireMock does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    private static String profilesFile() {
        try {
            Path file = Files.createTempFile("admin-profiles", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    profiles:
                      support:
                        numbers: ["%s"]
                        transfer: {number: "%s"}
                    """.formatted(SUPPORT_NUMBER, SUPPORT_TRANSFER_NUMBER));
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    AdminHttp http() {
        return new AdminHttp(port);
    }
}
