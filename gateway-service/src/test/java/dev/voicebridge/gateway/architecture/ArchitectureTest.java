package dev.voicebridge.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.voicebridge.gateway.GatewayApplication;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layering, as the packages are laid out: transports (sip, rtp, websocket) above call
 * sessions, call sessions above the Azure client, and audio, json and logging at the bottom. Tools
 * plug into call sessions through the {@code call.CallTools} port, the operator console through the
 * {@code call.CallConsole} port; call events hear the call sessions as their observer and serve
 * admin; recordings tap calls through the {@code call.CallTap} port and tell admin; admin sits on top of everything.
 * These rules fail the build when an arrow runs backwards or a cycle comes back.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.voicebridge.gateway";
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void shouldKeepEveryLayerAboveTheOnesItUses() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("application")
                .definedBy(ROOT)
                .layer("admin")
                .definedBy(ROOT + ".admin..")
                .layer("events")
                .definedBy(ROOT + ".events..")
                .layer("recording")
                .definedBy(ROOT + ".recording..")
                .layer("sip")
                .definedBy(ROOT + ".sip..")
                .layer("websocket")
                .definedBy(ROOT + ".websocket..")
                .layer("meetings")
                .definedBy(ROOT + ".meetings..")
                .layer("outbound")
                .definedBy(ROOT + ".outbound..")
                .layer("operator")
                .definedBy(ROOT + ".operator..")
                .layer("tools")
                .definedBy(ROOT + ".tools..")
                .layer("rtp")
                .definedBy(ROOT + ".rtp..")
                .layer("call")
                .definedBy(ROOT + ".call..")
                .layer("realtime")
                .definedBy(ROOT + ".realtime..")
                .layer("base")
                .definedBy(ROOT + ".audio..", ROOT + ".aws..", ROOT + ".http..", ROOT + ".json..", ROOT + ".logging..")
                .whereLayer("application")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("admin")
                .mayOnlyBeAccessedByLayers("application")
                .whereLayer("events")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("recording")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("sip")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("websocket")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("meetings")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("operator")
                .mayOnlyBeAccessedByLayers("admin", "application")
                .whereLayer("outbound")
                .mayOnlyBeAccessedByLayers("meetings", "admin", "application")
                .whereLayer("tools")
                .mayOnlyBeAccessedByLayers("meetings", "outbound", "operator", "admin", "application")
                .whereLayer("rtp")
                .mayOnlyBeAccessedByLayers("sip", "admin", "application")
                .whereLayer("call")
                .mayOnlyBeAccessedByLayers(
                        "sip",
                        "websocket",
                        "tools",
                        "outbound",
                        "events",
                        "recording",
                        "operator",
                        "admin",
                        "application")
                .whereLayer("realtime")
                .mayOnlyBeAccessedByLayers("call", "tools", "sip", "websocket", "events", "admin", "application")
                .check(GATEWAY);
    }

    @Test
    void shouldReadTheWallClockOnlyThroughTheClockBean() {
        // A class that reads the time by itself cannot be tested at another date: expiry, TTL and
        // token checks take the application's Clock. RTP may stamp RTCP reports with NTP time.
        noClasses()
                .that()
                .doNotBelongToAnyOf(GatewayApplication.class)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .check(GATEWAY);
        // X509Certificate.checkValidity() without a date reads the wall clock too: pass the Clock's instant.
        noClasses().should().callMethod(X509Certificate.class, "checkValidity").check(GATEWAY);
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".rtp..")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .check(GATEWAY);
    }

    @Test
    void shouldNameTheCallIdLoggingKeyInOnePlace() {
        // Every log line of a call carries its id under one MDC key, set and restored by CallLogContext.
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".logging..")
                .should()
                .accessClassesThat()
                .haveFullyQualifiedName("org.slf4j.MDC")
                .check(GATEWAY);
    }
}
