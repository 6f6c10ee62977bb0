package dev.voicebridge.routes.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of route-manager depend on each other in one direction only: a cycle fails the build. */
class NoPackageCyclesTest {

    private static final String ROOT = "dev.voicebridge.routes";

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        // Given the production classes of the module
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);

        // When they are grouped into one slice per package, the root package included (ROOT + ".(**)"
        // would leave the root out, and with it every cycle through the root)
        // Then no package reaches back to a package that reaches it
        slices().matching("dev.voicebridge.(**)").should().beFreeOfCycles().check(classes);
    }
}
